-- PeakPeeps: the tables its coupon cases touch, after dataFiles/schema.sql and
-- the queries in src/api/coupons.py (which read coupons.price and
-- coupons.valid; the schema file still calls the price "cost"), and a small
-- shared data set. Used by the scenarios in this folder through `setup_file`;
-- a scenario's `setup` runs before this file, so the data lives here too.
-- (peepcoin_lost_update.toml models the earlier schema, with a balance
-- column on the user, and keeps its own setup.)

CREATE TABLE "user" (
  id            integer PRIMARY KEY,
  username      text NOT NULL UNIQUE,
  date_joined   time without time zone DEFAULT now(),
  num_followers integer DEFAULT 0
);

CREATE TABLE business (
  id      bigint PRIMARY KEY,
  name    text NOT NULL,
  address text NOT NULL
);

CREATE TABLE coupons (
  id          integer PRIMARY KEY,
  name        text NOT NULL,
  business_id bigint NOT NULL REFERENCES business (id),
  price       integer NOT NULL,
  valid       boolean NOT NULL DEFAULT true
);

-- A user's PeepCoin balance is the sum of their ledger's changes.
CREATE TABLE user_peepcoin_ledger (
  date    timestamp with time zone NOT NULL DEFAULT now(),
  user_id integer NOT NULL REFERENCES "user" (id),
  change  integer,
  PRIMARY KEY (date, user_id)
);

CREATE TABLE user_coupon_ledger (
  time      timestamp with time zone NOT NULL DEFAULT now(),
  user_id   integer NOT NULL REFERENCES "user" (id),
  coupon_id integer NOT NULL REFERENCES coupons (id),
  change    integer,
  PRIMARY KEY (user_id, coupon_id)
);

-- Alex and Robin co-own the smash burger truck; Josh is a customer.
INSERT INTO "user" (id, username) VALUES (1, 'alex'), (2, 'robin'), (3, 'josh');
INSERT INTO business VALUES
  (1, 'Smash Burger Truck', 'Higuera St, San Luis Obispo'),
  (2, 'Fried and Loaded', 'Marsh St, San Luis Obispo');
INSERT INTO coupons VALUES
  (1, 'Half off burger and shake combo', 1, 50, true),
  (2, 'BOGO loaded tots', 2, 30, true),
  (3, 'Half off milkshake', 2, 15, true);
-- Josh has 40 PeepCoins: enough for the loaded tots at 30, not at 45.
INSERT INTO user_peepcoin_ledger VALUES
  ('2024-05-01 09:00+00', 3, 25),
  ('2024-05-02 09:00+00', 3, 15);

-- For the timelines: balances and coupons held, without the ledgers'
-- now() timestamps (a table a scenario shows must read the same on every run).
CREATE VIEW peepcoin_balance AS
  SELECT u.username, coalesce(sum(l.change), 0) AS peepcoins
  FROM "user" u LEFT JOIN user_peepcoin_ledger l ON l.user_id = u.id
  GROUP BY u.id, u.username;
CREATE VIEW coupons_owned AS
  SELECT u.username, c.name AS coupon, l.change
  FROM user_coupon_ledger l JOIN "user" u ON u.id = l.user_id JOIN coupons c ON c.id = l.coupon_id;
