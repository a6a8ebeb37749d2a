-- PeakPeeps on MariaDB: the tables of schema.sql as InnoDB spells them (the
-- table "user" and the column `change`, a reserved word in MariaDB, in
-- backquotes; boolean as MariaDB's tinyint; timestamps to the
-- microsecond so that two ledger rows of one user never share a key) and the
-- same data set. Used by the scenarios in this folder that also run on
-- MariaDB.

CREATE TABLE `user` (
  id            int PRIMARY KEY,
  username      varchar(50) NOT NULL UNIQUE,
  date_joined   time DEFAULT current_time(),
  num_followers int DEFAULT 0
) ENGINE = InnoDB;

CREATE TABLE business (
  id      bigint PRIMARY KEY,
  name    varchar(255) NOT NULL,
  address varchar(255) NOT NULL
) ENGINE = InnoDB;

CREATE TABLE coupons (
  id          int PRIMARY KEY,
  name        varchar(255) NOT NULL,
  business_id bigint NOT NULL,
  price       int NOT NULL,
  valid       boolean NOT NULL DEFAULT true,
  FOREIGN KEY (business_id) REFERENCES business (id)
) ENGINE = InnoDB;

-- A user's PeepCoin balance is the sum of their ledger's changes.
CREATE TABLE user_peepcoin_ledger (
  date    timestamp(6) NOT NULL DEFAULT current_timestamp(6),
  user_id int NOT NULL,
  `change` int,
  PRIMARY KEY (date, user_id),
  FOREIGN KEY (user_id) REFERENCES `user` (id)
) ENGINE = InnoDB;

CREATE TABLE user_coupon_ledger (
  time      timestamp(6) NOT NULL DEFAULT current_timestamp(6),
  user_id   int NOT NULL,
  coupon_id int NOT NULL,
  `change`  int,
  PRIMARY KEY (user_id, coupon_id),
  FOREIGN KEY (user_id) REFERENCES `user` (id),
  FOREIGN KEY (coupon_id) REFERENCES coupons (id)
) ENGINE = InnoDB;

-- Alex and Robin co-own the smash burger truck; Josh is a customer.
INSERT INTO `user` (id, username) VALUES (1, 'alex'), (2, 'robin'), (3, 'josh');
INSERT INTO business VALUES
  (1, 'Smash Burger Truck', 'Higuera St, San Luis Obispo'),
  (2, 'Fried and Loaded', 'Marsh St, San Luis Obispo');
INSERT INTO coupons VALUES
  (1, 'Half off burger and shake combo', 1, 50, true),
  (2, 'BOGO loaded tots', 2, 30, true),
  (3, 'Half off milkshake', 2, 15, true);
-- Josh has 40 PeepCoins: enough for the loaded tots at 30, not at 45.
INSERT INTO user_peepcoin_ledger VALUES
  ('2024-05-01 09:00:00', 3, 25),
  ('2024-05-02 09:00:00', 3, 15);

-- For the timelines: balances and coupons held, without the ledgers'
-- timestamps (a table a scenario shows must read the same on every run).
CREATE VIEW peepcoin_balance AS
  SELECT u.username, coalesce(sum(l.`change`), 0) AS peepcoins
  FROM `user` u LEFT JOIN user_peepcoin_ledger l ON l.user_id = u.id
  GROUP BY u.id, u.username;
CREATE VIEW coupons_owned AS
  SELECT u.username, c.name AS coupon, l.`change`
  FROM user_coupon_ledger l JOIN `user` u ON u.id = l.user_id JOIN coupons c ON c.id = l.coupon_id;
