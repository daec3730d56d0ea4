-- A small but nasty eFiction 3.5 archive, written for the tests from SCHEMA.md.
-- Tables carry the prefix `fanfiction_` (the tests load it again under another prefix).
-- Old archives declare Latin-1 and hold UTF-8 or Windows-1252: the authors and chapters
-- tables below are latin1 and get raw bytes (X'...'); stories is utf8mb4 holding mojibake.
SET SESSION sql_mode = '';

CREATE TABLE fanfiction_settings (
  sitekey varchar(50) NOT NULL DEFAULT '1', sitename varchar(200) NOT NULL DEFAULT '',
  url varchar(200) NOT NULL DEFAULT '', tableprefix varchar(50) NOT NULL DEFAULT '',
  storiespath varchar(200) NOT NULL DEFAULT 'stories', store varchar(5) NOT NULL DEFAULT 'files',
  language varchar(10) NOT NULL DEFAULT 'en'
) DEFAULT CHARSET=utf8mb4;
INSERT INTO fanfiction_settings VALUES
  ('1', 'Hellmouth Stories', 'http://hellmouth.example.org/efiction/', '', 'stories', 'files', 'en');

CREATE TABLE fanfiction_authors (
  uid int(11) NOT NULL AUTO_INCREMENT, penname varchar(200) NOT NULL DEFAULT '',
  realname varchar(200) NOT NULL DEFAULT '', email varchar(200) NOT NULL DEFAULT '',
  website varchar(200) NOT NULL DEFAULT '', bio text, image varchar(200) NOT NULL DEFAULT '',
  date datetime NOT NULL DEFAULT '0000-00-00 00:00:00', admincreated int(11) NOT NULL DEFAULT 0,
  password varchar(40) NOT NULL DEFAULT '', PRIMARY KEY (uid)
) DEFAULT CHARSET=latin1;
INSERT INTO fanfiction_authors (uid, penname, realname, email, date, password) VALUES
  (1, 'Admin', 'Site Admin', 'admin@example.org', '2003-01-01 00:00:00', '21232f297a57a5a743894a0e4a801fc3'),
  (2, 'Willow R.', 'Willow', 'willow@example.org', '2003-02-01 00:00:00', '5f4dcc3b5aa765d61d8327deb882cf99'),
  (3, 'Spike Fan', '', 'spike@example.org', '0000-00-00 00:00:00', 'e10adc3949ba59abbe56e057f20f883e'),
  (4, 'Tara M', '', 'tara@example.org', '2003-03-01 00:00:00', 'd8578edf8458ce06fbc5bb76a58c5ca4'),
  (5, 'Dawn S', '', 'dawn@example.org', '2003-04-01 00:00:00', '25d55ad283aa400af464c76d713c07ad'),
  (6, X'5A6FC3AB', '', 'zoe@example.org', '2003-05-01 00:00:00', '25f9e794323b453885f5181f1b624d0b');

CREATE TABLE fanfiction_authorprefs (
  uid int(11) NOT NULL, level tinyint(4) NOT NULL DEFAULT 0, validated char(1) NOT NULL DEFAULT '0',
  PRIMARY KEY (uid)
) DEFAULT CHARSET=latin1;
INSERT INTO fanfiction_authorprefs VALUES (1, 1, '1'), (2, 0, '1'), (3, 0, '1'), (4, 0, '0'), (5, 0, '0'), (6, 0, '0');

CREATE TABLE fanfiction_categories (
  catid int(11) NOT NULL AUTO_INCREMENT, parentcatid int(11) NOT NULL DEFAULT -1,
  category varchar(60) NOT NULL DEFAULT '', description text, locked char(1) NOT NULL DEFAULT '0',
  leveldown tinyint(4) NOT NULL DEFAULT 0, displayorder int(11) NOT NULL DEFAULT 0, PRIMARY KEY (catid)
) DEFAULT CHARSET=utf8mb4;
INSERT INTO fanfiction_categories (catid, parentcatid, category, description, leveldown, displayorder) VALUES
  (1, -1, 'Buffy the Vampire Slayer', 'The Slayer and friends', 0, 1),
  (2, 1, 'Buffy/Spike', '', 1, 1),
  (3, 1, 'Season Seven', '', 1, 2),
  (4, 1, 'Willow &amp; Tara', '', 1, 3),
  (5, -1, 'Angel', '', 0, 2),
  (6, 1, 'Xena Crossovers', '', 1, 4),
  (7, 3, 'Spike x Buffy', '', 2, 1);

CREATE TABLE fanfiction_characters (
  charid int(11) NOT NULL AUTO_INCREMENT, catid int(11) NOT NULL DEFAULT -1,
  charname varchar(60) NOT NULL DEFAULT '', bio text, image varchar(200) NOT NULL DEFAULT '',
  PRIMARY KEY (charid)
) DEFAULT CHARSET=utf8mb4;
INSERT INTO fanfiction_characters (charid, catid, charname) VALUES
  (1, 1, 'Buffy Summers'), (2, 1, 'Spike'), (3, 1, 'Willow Rosenberg'), (4, 1, 'Tara Maclay'),
  (5, 5, 'Angel'), (6, -1, 'Original Character');

CREATE TABLE fanfiction_classtypes (
  classtype_id int(11) NOT NULL AUTO_INCREMENT, classtype_name varchar(50) NOT NULL DEFAULT '',
  classtype_title varchar(50) NOT NULL DEFAULT '', PRIMARY KEY (classtype_id)
) DEFAULT CHARSET=utf8mb4;
INSERT INTO fanfiction_classtypes VALUES (1, 'genres', 'Genres'), (2, 'warnings', 'Warnings');

CREATE TABLE fanfiction_classes (
  class_id int(11) NOT NULL AUTO_INCREMENT, class_type int(11) NOT NULL DEFAULT 0,
  class_name varchar(100) NOT NULL DEFAULT '', PRIMARY KEY (class_id)
) DEFAULT CHARSET=utf8mb4;
INSERT INTO fanfiction_classes VALUES
  (1, 1, 'Romance'), (2, 1, 'Angst'), (3, 1, 'Humor'),
  (10, 2, 'Major Character Death'), (11, 2, 'Non-Con'), (12, 2, 'Violence'), (13, 2, 'Underage'),
  (14, 2, 'Language');

CREATE TABLE fanfiction_ratings (
  rid int(11) NOT NULL AUTO_INCREMENT, rating varchar(60) NOT NULL DEFAULT '',
  ratingwarning char(1) NOT NULL DEFAULT '0', warningtext text, PRIMARY KEY (rid)
) DEFAULT CHARSET=utf8mb4;
INSERT INTO fanfiction_ratings (rid, rating, ratingwarning) VALUES
  (1, 'G', '0'), (2, 'PG-13', '0'), (3, 'NC-17', '1'), (4, 'Frightening', '0');

CREATE TABLE fanfiction_stories (
  sid int(11) NOT NULL AUTO_INCREMENT, title varchar(200) NOT NULL DEFAULT '', summary text,
  storynotes text, catid varchar(100) NOT NULL DEFAULT '0', classes varchar(200) DEFAULT NULL,
  charid varchar(250) NOT NULL DEFAULT '0', rid varchar(25) NOT NULL DEFAULT '0',
  date datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  updated datetime NOT NULL DEFAULT '0000-00-00 00:00:00', uid int(11) NOT NULL DEFAULT 0,
  coauthors varchar(200) DEFAULT NULL, featured char(1) NOT NULL DEFAULT '0',
  validated char(1) NOT NULL DEFAULT '0', completed char(1) NOT NULL DEFAULT '0',
  rr char(1) NOT NULL DEFAULT '0', wordcount int(11) NOT NULL DEFAULT 0,
  reviews smallint(6) NOT NULL DEFAULT 0, count int(11) NOT NULL DEFAULT 0,
  challenges varchar(200) NOT NULL DEFAULT '0', PRIMARY KEY (sid)
) DEFAULT CHARSET=utf8mb4;
INSERT INTO fanfiction_stories (sid, title, summary, storynotes, catid, classes, charid, rid, date, updated, uid, coauthors, validated, completed, wordcount, count) VALUES
  (1, 'Once More, With &quot;Feeling&quot;', 'Buffy <b>sings</b>&nbsp;again.<script>steal()</script>', 'Thanks to my beta!', '1,2', '1,10,14', '1,2', '2', '2004-03-01 10:00:00', '2004-04-02 11:00:00', 2, '1', '1', '1', 99999, 1234),
  (2, 'Dead Things', 'Spike and Willow in the CafÃ©.', '', '4,99', '2,11,12,13,77', '3,4,', '3', '0000-00-00 00:00:00', '2005-01-01 00:00:00', 3, '2,4,42', '1', '0', 0, 50),
  (3, 'Empty Places', 'Nothing here yet.', '', '3', '', '', '1', '2006-01-01 00:00:00', '0000-00-00 00:00:00', 2, '0', '1', '0', 0, 7),
  (4, 'Conversations with Dead People', 'Unvalidated.', '', '7', '3', '6', '4', '2006-02-01 00:00:00', '2006-02-02 00:00:00', 4, '0', '0', '0', 0, 0),
  (5, 'Chosen', 'The end.', '', '1,6', '1', '1', '1', '2003-05-20 00:00:00', '2003-05-20 00:00:00', 3, '0', '1', '1', 0, 300);

CREATE TABLE fanfiction_coauthors (sid int(11) NOT NULL, uid int(11) NOT NULL, PRIMARY KEY (sid, uid)) DEFAULT CHARSET=utf8mb4;
INSERT INTO fanfiction_coauthors VALUES (1, 4), (2, 4);

-- Text in the database (latin1, with UTF-8 or Windows-1252 bytes) or in files (storytext empty).
CREATE TABLE fanfiction_chapters (
  chapid int(11) NOT NULL AUTO_INCREMENT, title varchar(250) NOT NULL DEFAULT '',
  inorder int(11) NOT NULL DEFAULT 0, notes text, storytext mediumtext, endnotes text,
  validated char(1) NOT NULL DEFAULT '0', wordcount int(11) NOT NULL DEFAULT 0,
  rating tinyint(4) NOT NULL DEFAULT 0, reviews smallint(6) NOT NULL DEFAULT 0,
  sid int(11) NOT NULL DEFAULT 0, uid int(11) NOT NULL DEFAULT 0, count int(11) NOT NULL DEFAULT 0,
  PRIMARY KEY (chapid)
) DEFAULT CHARSET=latin1;
INSERT INTO fanfiction_chapters (chapid, title, inorder, notes, storytext, endnotes, validated, wordcount, sid, uid) VALUES
  (10, 'Going Through the Motions', 1, 'Chapter one notes.', NULL, 'See you next time.', '1', 9999, 1, 2),
  (12, 'Under Your Spell', 2, '', '', '', '1', 0, 1, 4),
  (11, 'Rest in Peace', 2, '', '<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]--><p class="MsoNormal" style="margin:0cm">Spike&nbsp;&nbsp;watched&nbsp;her.<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p><script>alert("x")</script><p>Then he left.</p>', '', '1', 0, 1, 2),
  (20, 'Tara', 1, '', X'3C703E54617261E2809973207370656C6C20E28094206E61C3AF76652C20616E64205A6FC3ABE280997320746F6F2E3C2F703E', '', '1', 0, 2, 3),
  (21, '', 2, '', X'4974207761732061206461726B206E6967687420696E2053756E6E7964616C652E0A54617261207361696420936E6F9420746F2074686520636166E92E0A54686520656E64209720616C6D6F73742E', '', '1', 0, 2, 3),
  (40, 'Conversations', 1, '', NULL, '', '0', 0, 4, 4),
  (50, 'Chosen', 1, '', '', '', '1', 0, 5, 1);

CREATE TABLE fanfiction_series (
  seriesid int(11) NOT NULL AUTO_INCREMENT, title varchar(200) NOT NULL DEFAULT '', summary text,
  uid int(11) NOT NULL DEFAULT 0, isopen tinyint(4) NOT NULL DEFAULT 0, catid varchar(200) NOT NULL DEFAULT '0',
  classes varchar(200) DEFAULT NULL, rating tinyint(4) NOT NULL DEFAULT 0, warnings varchar(250) NOT NULL DEFAULT '',
  genres varchar(250) NOT NULL DEFAULT '', characters varchar(250) NOT NULL DEFAULT '', PRIMARY KEY (seriesid)
) DEFAULT CHARSET=utf8mb4;
INSERT INTO fanfiction_series (seriesid, title, summary, uid, isopen) VALUES
  (1, 'Sunnydale Nights', 'In <i>order</i>.', 2, 1),
  (2, 'Everything Hellmouth', 'A series holding a series.', 3, 0),
  (3, 'Lost Series', 'Its one story is gone.', 3, 0);

CREATE TABLE fanfiction_inseries (
  seriesid int(11) NOT NULL DEFAULT 0, sid int(11) NOT NULL DEFAULT 0, subseriesid int(11) NOT NULL DEFAULT 0,
  confirmed int(11) NOT NULL DEFAULT 0, inorder int(11) NOT NULL DEFAULT 0, updated char(1) NOT NULL DEFAULT '0'
) DEFAULT CHARSET=utf8mb4;
INSERT INTO fanfiction_inseries (seriesid, sid, subseriesid, confirmed, inorder) VALUES
  (1, 5, 0, 1, 2), (1, 1, 0, 1, 1), (1, 2, 0, 0, 3), (1, 999, 0, 1, 4),
  (2, 0, 1, 1, 1), (2, 2, 0, 1, 2),
  (3, 998, 0, 1, 1);

CREATE TABLE fanfiction_reviews (
  reviewid int(11) NOT NULL AUTO_INCREMENT, item int(11) NOT NULL DEFAULT 0, chapid int(11) NOT NULL DEFAULT 0,
  reviewer varchar(60) NOT NULL DEFAULT '0', review text, rating int(11) NOT NULL DEFAULT 0,
  date datetime NOT NULL DEFAULT '0000-00-00 00:00:00', uid int(11) NOT NULL DEFAULT 0,
  respond char(1) NOT NULL DEFAULT '0', type char(2) NOT NULL DEFAULT 'ST', PRIMARY KEY (reviewid)
) DEFAULT CHARSET=utf8mb4;
INSERT INTO fanfiction_reviews (reviewid, item, chapid, reviewer, review, rating, date, uid, type) VALUES
  (1, 1, 10, 'Anya', 'Loved the <i>singing</i>!<script>x()</script>', 5, '2004-03-05 12:00:00', 0, 'ST'),
  (2, 1, 11, 'Dawn S', 'Great chapter.', 4, '2004-03-06 09:30:00', 5, 'ST'),
  (3, 1, 13, 'Clem', 'Where did chapter three go?', 0, '2004-03-07 08:00:00', 0, 'ST'),
  (4, 2, 20, 'Tara M', 'Poor Tara.', 0, '0000-00-00 00:00:00', 4, 'ST'),
  (5, 1, 0, 'Anya', 'A review of a series.', 0, '2004-05-01 00:00:00', 0, 'SE'),
  (6, 3, 0, 'Harmony', 'Where is the story?', 0, '2006-01-02 00:00:00', 0, 'ST'),
  (7, 1, 12, 'Andrew', '', 5, '2004-03-08 00:00:00', 0, 'ST');

CREATE TABLE fanfiction_favorites (
  uid int(11) NOT NULL DEFAULT 0, item int(11) NOT NULL DEFAULT 0, type char(2) NOT NULL DEFAULT '',
  comments text, PRIMARY KEY (uid, item, type)
) DEFAULT CHARSET=utf8mb4;
INSERT INTO fanfiction_favorites VALUES
  (5, 1, 'ST', 'My favourite <b>musical</b>'), (5, 4, 'ST', 'A draft'), (5, 3, 'AU', ''),
  (5, 1, 'SE', ''), (2, 2, 'ST', '');
