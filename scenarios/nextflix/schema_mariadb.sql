-- Nextflix on MariaDB: the tables of schema.sql as InnoDB spells them (no
-- integer[]: friends is a JSON array; REGEXP for ~) and the same data set.
-- Used by the scenarios in this folder that also run on MariaDB.

CREATE TABLE users (
  id          int AUTO_INCREMENT PRIMARY KEY,
  username    varchar(50) NOT NULL UNIQUE,
  date_joined timestamp NOT NULL DEFAULT now(),
  friends     json,
  CHECK (username REGEXP '^[a-zA-Z][a-zA-Z0-9]{2,19}$')
) ENGINE = InnoDB;

CREATE TABLE media (
  media_id   int AUTO_INCREMENT PRIMARY KEY,
  media_type varchar(10) NOT NULL,
  title      varchar(255) NOT NULL,
  director   varchar(255) NOT NULL,
  CHECK (media_type IN ('movie', 'show')),
  CONSTRAINT uq_media_title UNIQUE (title)
) ENGINE = InnoDB;

CREATE TABLE tv_shows (
  media_id       int PRIMARY KEY,
  total_episodes int NOT NULL CHECK (total_episodes > 0),
  total_seasons  int NOT NULL CHECK (total_seasons > 0),
  FOREIGN KEY (media_id) REFERENCES media (media_id)
) ENGINE = InnoDB;

CREATE TABLE movies (
  media_id int PRIMARY KEY,
  length   int NOT NULL CHECK (length > 0),
  FOREIGN KEY (media_id) REFERENCES media (media_id)
) ENGINE = InnoDB;

CREATE TABLE watchlists (
  user_id      int,
  media_id     int,
  have_watched boolean NOT NULL,
  PRIMARY KEY (user_id, media_id),
  FOREIGN KEY (user_id) REFERENCES users (id),
  FOREIGN KEY (media_id) REFERENCES media (media_id)
) ENGINE = InnoDB;

CREATE TABLE reviews (
  user_id  int,
  media_id int,
  rating   double NOT NULL,
  review   varchar(255) NOT NULL,
  PRIMARY KEY (user_id, media_id),
  FOREIGN KEY (user_id) REFERENCES users (id),
  FOREIGN KEY (media_id) REFERENCES media (media_id)
) ENGINE = InnoDB;

INSERT INTO users (username, date_joined, friends) VALUES
  ('robin', '2025-05-01 10:00', '[2,4,5]'),
  ('sam',   '2025-05-01 10:05', '[1,3,6]'),
  ('kim',   '2025-05-01 10:10', '[2,4,5]'),
  ('lee',   '2025-05-01 10:15', '[1,3,6]'),
  ('max',   '2025-05-01 10:20', '[1,3,6]'),
  ('ana',   '2025-05-01 10:25', '[2,4,5]');

INSERT INTO media (media_type, title, director) VALUES
  ('movie', 'Arrival', 'Denis Villeneuve'),
  ('movie', 'Blade Runner 2049', 'Denis Villeneuve'),
  ('movie', 'Sicario', 'Denis Villeneuve'),
  ('movie', 'Prisoners', 'Denis Villeneuve'),
  ('show', 'Severance', 'Dan Erickson');
INSERT INTO movies VALUES (1, 116), (2, 164), (3, 121), (4, 153);
INSERT INTO tv_shows VALUES (5, 19, 2);

INSERT INTO watchlists VALUES
  (1, 1, true),
  (2, 1, true), (2, 3, false), (2, 4, false),
  (4, 3, false), (4, 5, false);
