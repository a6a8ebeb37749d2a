-- Nextflix: the tables its concurrency cases touch, as its Alembic migrations
-- create them (e26499287814 users, 5d6bddc236a9 media, movies, tv_shows,
-- watchlists, reviews), and a small shared data set. Used by the scenarios in
-- this folder through `setup_file`; a scenario's `setup` runs before this file,
-- so the data lives here too (a variant's `setup` runs after it).

CREATE TABLE users (
  id          serial PRIMARY KEY,
  username    varchar(50) NOT NULL UNIQUE,
  date_joined timestamp NOT NULL DEFAULT now(),
  friends     integer[],
  CONSTRAINT ck_username CHECK (username ~ '^[a-zA-Z][a-zA-Z0-9]{2,19}$')
);

CREATE TABLE media (
  media_id   serial PRIMARY KEY,
  media_type varchar(10) NOT NULL,
  title      varchar(255) NOT NULL,
  director   varchar(255) NOT NULL,
  CONSTRAINT ck_media_type CHECK (media_type IN ('movie', 'show')),
  -- The migration declares titles unique; the document's case 1 reasons as
  -- if it did not (see dune_duplicate_insert.toml).
  CONSTRAINT uq_media_title UNIQUE (title)
);

CREATE TABLE tv_shows (
  media_id       integer PRIMARY KEY REFERENCES media (media_id),
  total_episodes integer NOT NULL CONSTRAINT ck_total_episodes CHECK (total_episodes > 0),
  total_seasons  integer NOT NULL CONSTRAINT ck_total_seasons CHECK (total_seasons > 0)
);

CREATE TABLE movies (
  media_id integer PRIMARY KEY REFERENCES media (media_id),
  length   integer NOT NULL CONSTRAINT ck_length CHECK (length > 0)
);

CREATE TABLE watchlists (
  user_id      integer REFERENCES users (id),
  media_id     integer REFERENCES media (media_id),
  have_watched boolean NOT NULL,
  PRIMARY KEY (user_id, media_id),
  CONSTRAINT uq_watchlists_user_id_media_id UNIQUE (user_id, media_id)
);

CREATE TABLE reviews (
  user_id  integer REFERENCES users (id),
  media_id integer REFERENCES media (media_id),
  rating   double precision NOT NULL,
  review   varchar(255) NOT NULL,
  PRIMARY KEY (user_id, media_id),
  CONSTRAINT uq_reviews_user_id_media_id UNIQUE (user_id, media_id)
);

-- Users 1..6. Friends are one-way lists, as add_friend keeps them.
-- robin's friends are sam, lee and max; kim and ana are friends of all three,
-- so get_suggested_friends (3 or more mutual friends) suggests both to robin.
INSERT INTO users (username, date_joined, friends) VALUES
  ('robin', '2025-05-01 10:00', '{2,4,5}'),  -- id 1
  ('sam',   '2025-05-01 10:05', '{1,3,6}'),  -- id 2
  ('kim',   '2025-05-01 10:10', '{2,4,5}'),  -- id 3
  ('lee',   '2025-05-01 10:15', '{1,3,6}'),  -- id 4
  ('max',   '2025-05-01 10:20', '{1,3,6}'),  -- id 5
  ('ana',   '2025-05-01 10:25', '{2,4,5}');  -- id 6

-- Media 1..5 ('Dune' is not here: two users post it in case 1).
INSERT INTO media (media_type, title, director) VALUES
  ('movie', 'Arrival', 'Denis Villeneuve'),             -- 1
  ('movie', 'Blade Runner 2049', 'Denis Villeneuve'),   -- 2
  ('movie', 'Sicario', 'Denis Villeneuve'),             -- 3
  ('movie', 'Prisoners', 'Denis Villeneuve'),           -- 4
  ('show', 'Severance', 'Dan Erickson');                -- 5
INSERT INTO movies VALUES (1, 116), (2, 164), (3, 121), (4, 153);
INSERT INTO tv_shows VALUES (5, 19, 2);

-- robin has watched Arrival. sam's list: Arrival, Sicario, Prisoners; lee's:
-- Sicario, Severance; max's is empty. So get_recommendations gives robin
-- Sicario from sam and Sicario from lee (the first film by media_id that is not
-- on robin's list, one per friend).
INSERT INTO watchlists VALUES
  (1, 1, true),
  (2, 1, true), (2, 3, false), (2, 4, false),
  (4, 3, false), (4, 5, false);
