#!/usr/bin/env bash
# Regenerates the FanFicFare test files in this folder with a pinned FanFicFare.
#
# FanFicFare's offline test site (test1.com, adapter_test1.py) builds a story
# from personal.ini when its sid is >= 1000 ([teststory:NNNN] sections below);
# the chapter texts come from local file:// pages this script writes first, so
# nothing is fetched from the network. Each story is written as EPUB, HTML and
# TXT (fff-SLUG-FORMAT.EXT). The output files are committed, so the test suite
# does not need FanFicFare; run this only to refresh them (the "Packaged:"
# timestamps will change) and re-check the NAME.expected.json files beside them.
#
# Usage: tests/formats/families/fanficfare/regenerate.sh
#        FANFICFARE=/path/to/fanficfare regenerate.sh   (skip the venv install;
#        must be version FFF_VERSION)
set -euo pipefail
FFF_VERSION=4.62.0
HERE="$(cd "$(dirname "$0")" && pwd)"
SRC=/tmp/ficarchive-fff-src     # fixed path: chapter URLs end up inside the files
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

if [ -z "${FANFICFARE:-}" ]; then
  python3 -m venv "$WORK/venv"
  "$WORK/venv/bin/pip" install --quiet "FanFicFare==$FFF_VERSION"
  FANFICFARE="$WORK/venv/bin/fanficfare"
fi

rm -rf "$SRC"; mkdir -p "$SRC"
cat > "$SRC/story-1001.html" <<'FFF_EOF'
<html><head><meta charset="utf-8"/><title>The Cartographer’s Daughter</title></head><body><ol>
<li id="c1"><blockquote>
<p>A/N: This started as a prompt fill and grew legs. Beta’d by inkwell_moth, who is a saint.</p>
<p>The solicitor read out the will in a room that smelled of dust and lamp oil, and when he reached the part about the maps, Tobin laughed out loud.</p>
<p>“All of them?” he said. “Even the wrong ones?”</p>
<p>“Especially the wrong ones,” said the solicitor, without looking up. “Your father was very specific.”</p>
<p style="text-align:center;">* * *</p>
<p>That night Ysolde spread the maps across the kitchen floor, weighting the corners with teacups. Coastlines, rivers, the long spine of the Harrowmere hills. In the middle of them all lay a single sheet of vellum, creased and soft with handling, and perfectly blank.</p>
<p>“He kept that one in his coat,” Tobin said from the doorway. “Every day. I used to think it was a love letter.”</p>
<p>Ysolde held it up to the candle. Nothing showed through but the grain of the skin and, very faintly, the ghost of a compass rose.</p>
</blockquote></li>
<li id="c2"><blockquote>
<p>Captain Hesk did not like passengers, and she liked cartographers less, and she told them so at some length before she took their money.</p>
<p>The <em>Marrow Gull</em> was small and fast and smelled of tar. Tobin was sick over the rail before they had cleared the harbour mouth; Ysolde sat on a coil of rope and watched the blank map, which she had not let out of her hands since the funeral.</p>
<p style="text-align:center;">* * *</p>
<p>On the third night out, in the lee of the Skerries, lines began to appear on it.</p>
<p>They came up slowly, the way writing in lemon juice comes up under a flame: first a coastline, then soundings in her father’s small square hand, then a single word in the margin.</p>
<p><em>Here.</em></p>
<p>A/N: Soundings are depth measurements, for those who asked! Next chapter is the last.</p>
</blockquote></li>
<li id="c3"><blockquote>
<p>The island was exactly where the map said it would be, which Captain Hesk took as a personal insult.</p>
<p>It was not much of an island. A hump of black rock, a stand of wind-bent pines, a ruined tower with no door. Ysolde climbed to the top of it with the map in her teeth while Tobin complained all the way up behind her.</p>
<p>At the top there was nothing but a flat stone and, cut into it, a compass rose that matched the ghost on the vellum line for line.</p>
<p>“That’s it?” Tobin said. “He left us a rock?”</p>
<p>Ysolde sat down on the stone and looked out at the sea, at the coast going blue in the distance, at all the places her father had drawn and the ones he hadn’t.</p>
<p>“He left us the edge,” she said. “Everything past it is ours to draw.”</p>
<p>A/N: Thank you for reading! A sequel is planned.</p>
</blockquote></li>
</ol></body></html>
FFF_EOF
cat > "$SRC/story-1002.html" <<'FFF_EOF'
<html><head><meta charset="utf-8"/><title>Snowmelt</title></head><body><ol>
<li id="c1"><blockquote>
<p>Disclaimer: The Sparrow Court and its characters belong to Maren Holloway. I only borrow them.</p>
<p>The crown was not on the throne, and it was not under the throne, and it was not in the kitchen, where it had turned up twice last winter in the bread bin.</p>
<p>“It is made of ice,” Aud said patiently. “It is the first warm day of the year. Where do you think it went?”</p>
<p>The Sparrow King looked at her with enormous, stricken eyes.</p>
<p>~~~</p>
<p>They found it in the end as a small clear puddle on the windowsill of the east tower, with a single sparrow drinking from it.</p>
<p>“Well,” said the King, after a long pause. “I suppose that is what crowns are for.”</p>
</blockquote></li>
</ol></body></html>
FFF_EOF
cat > "$SRC/story-1003.html" <<'FFF_EOF'
<html><head><meta charset="utf-8"/><title>Les Heures bleues</title></head><body><ol>
<li id="c1"><blockquote>
<p>La boutique ouvrait à sept heures, mais Noémie était là dès six, à la lumière bleue qui tombait des toits.</p>
<p>— Vous êtes en avance, dit Théo depuis le seuil.</p>
<p>— Et vous, vous êtes en retard de trois jours. On vous attendait mardi.</p>
<p>Il posa le paquet sur le comptoir sans répondre. Sous le papier brun, il y avait une robe de soie grise, et dans l’ourlet de la robe, elle le savait sans regarder, il y avait autre chose.</p>
</blockquote></li>
<li id="c2"><blockquote>
<p>Il pleuvait sur les quais. Les soldats s’abritaient sous les arcades et regardaient passer les femmes avec des yeux vides.</p>
<hr />
<p>Le soir, Noémie défit l’ourlet point par point. Le message tenait sur une bande de papier pelure : une date, une heure, le nom d’une gare.</p>
<p>« Perrache », lut-elle à voix basse, et elle brûla le papier à la flamme de la lampe.</p>
</blockquote></li>
<li id="c3"><blockquote>
<p>La gare de Perrache était pleine de fumée et de cris.</p>
<p>Théo l’attendait sous l’horloge, exactement comme convenu, un journal plié sous le bras.</p>
<p>— Vous savez coudre, finalement ? demanda-t-elle.</p>
<p>— Non, dit-il. Mais j’apprends vite.</p>
<p>N/A : La suite arrive bientôt, promis ! Merci pour vos commentaires.</p>
</blockquote></li>
</ol></body></html>
FFF_EOF
cat > "$SRC/story-1004.html" <<'FFF_EOF'
<html><head><meta charset="utf-8"/><title>星の渡し守 (The Star Ferryman)</title></head><body><ol>
<li id="c1"><blockquote>
<p>A/N: Written for Tanabata week! Thanks to my beta, hoshikuzu, for fixing my Japanese.</p>
<p>The river of stars — <em>Amanogawa</em>, the old women in the village called it — ran silver and silent under Ren’s oar.</p>
<p>His passengers never spoke. They sat in the bow with their hands folded, faces turned toward the far shore, and when the boat touched the bank they stepped out and were gone.</p>
<p>The boy in the bow tonight was shivering.</p>
<p>“You’re cold,” Ren said, startled into speech. The dead were never cold.</p>
<p>“You’re <em>rude</em>,” said Mizushima Kaito through chattering teeth. “Where the hell am I?”</p>
</blockquote></li>
<li id="c2"><blockquote>
<p>“You can’t be here,” Ren said for the fourth time.</p>
<p>“Yeah, you mentioned.” Kaito had wrapped himself in the spare 羽織 from under the thwart and was peering over the side at the stars sliding past beneath them. “Is it deep?”</p>
<p style="text-align:center;">＊＊＊</p>
<p>The far shore came up out of the dark like a held breath. Ren shipped his oar and did not look at the boy.</p>
<p>“When we land,” he said, “you’ll have to choose. The shore, or back.”</p>
<p>“And you?” Kaito said. “What do you choose?”</p>
<p>A/N: Sorry for the cliffhanger ♡ Will update when work calms down.</p>
</blockquote></li>
</ol></body></html>
FFF_EOF
cat > "$SRC/story-1005.html" <<'FFF_EOF'
<html><head><meta charset="utf-8"/><title>Six Letters from Harrowgate</title></head><body><ol>
<li id="c1"><blockquote>
<p>Dear Tom,</p>
<p>They have given us a day’s rest behind the line, and I have spent it asleep in a barn with a goat. I think the goat won the argument over the straw.</p>
<p>Tell me about the garden. Tell me anything that isn’t mud.</p>
<p>Yours, A.</p>
</blockquote></li>
<li id="c2"><blockquote>
<p>Dear Arthur,</p>
<p>The garden is mostly mud, I am sorry to say, but it is good mud, and the first of the broad beans are up along the south wall.</p>
<p>Mrs Hale has forbidden me to plant anything else until I have mended the cold frame. I have not mended the cold frame.</p>
<p>Ever yours, Tom.</p>
</blockquote></li>
<li id="c3"><blockquote>
<p>Dear Tom,</p>
<p>We moved up again on Tuesday. I can’t tell you where. I can tell you there is a cherry tree in the corner of the field here that nobody has told about the war, and it is in flower.</p>
<p>I picked you some. I expect they will arrive brown.</p>
<p>A.</p>
<p>A/N: Thanks to my beta, Corvid, for checking the history.</p>
</blockquote></li>
<li id="c4"><blockquote>
<p>Dear Arthur,</p>
<p>They arrived brown. I have pressed them in the big dictionary in the library under C, for cherry, and also for coward, because I had to sit down on the floor for a while after I opened your letter.</p>
<p>Come home.</p>
<p>Tom.</p>
</blockquote></li>
<li id="c5"><blockquote>
<p>Tom —</p>
<p>Short one. We go over tomorrow. If you don’t hear, look under C.</p>
<p>A.</p>
</blockquote></li>
<li id="c6"><blockquote>
<p>Dear Tom,</p>
<p>I am writing this from a hospital in Étaples with my left arm in a sling, so forgive the handwriting, it is the wrong hand.</p>
<p>They say I’ll be sent home within the month. Mend the cold frame. I am going to need somewhere to sit.</p>
<p>Yours, always, Arthur.</p>
<p>A/N: That’s all, folks. Thank you for every comment.</p>
</blockquote></li>
</ol></body></html>
FFF_EOF

cat > "$WORK/personal.ini" <<'FFF_EOF'
[defaults]
## the test site's numWords default is silly; keep files deterministic where FanFicFare allows

[test1.com]
## no network: chapters come from file:// URLs written by this script

[teststory:1001]
title:The Cartographer’s Daughter
author_list:Wren Ashdown
authorId_list:10010
authorUrl_list:http://test1.com?authid=10010
datePublished:2016-05-02
dateUpdated:2016-07-19
numWords:415
status:Completed
language:English
rating:T
category_list:Lanterns of Veyra
genre_list:Adventure,Family
warnings_list:
characters_list:Ysolde Marr,Tobin Marr,Captain Hesk
ships_list:Ysolde Marr & Tobin Marr
series:Mapmakers [1]
seriesUrl:http://test1.com?seriesid=1001
description:Ysolde inherits her father’s maps, his debts, and one blank sheet he never let anyone see. Brother-sister road trip, with pirates.
chapter_urls:
 file:///tmp/ficarchive-fff-src/story-1001.html#c1,1. The Blank Edge
 file:///tmp/ficarchive-fff-src/story-1001.html#c2,2. Soundings
 file:///tmp/ficarchive-fff-src/story-1001.html#c3,3. Here Be Nothing

[teststory:1002]
title:Snowmelt
author_list:pellucid
authorId_list:10020
authorUrl_list:http://test1.com?authid=10020
datePublished:2012-01-09
dateUpdated:2012-01-09
numWords:107
status:Completed
language:English
rating:K+
category_list:The Sparrow Court
genre_list:Friendship
warnings_list:
characters_list:Aud,The Sparrow King
ships_list:
description:The first thaw, and the Sparrow King cannot find his crown.
chapter_urls:
 file:///tmp/ficarchive-fff-src/story-1002.html#c1,Snowmelt

[teststory:1003]
title:Les Heures bleues
author_list:Élodie Marchand
authorId_list:10030
authorUrl_list:http://test1.com?authid=10030
datePublished:2019-10-01
dateUpdated:2020-01-14
numWords:182
status:In-Progress
language:French
rating:M
category_list:Les Enfants du Rhône
genre_list:Drama,Romance
warnings_list:Violence
characters_list:Noémie Castel,Théo Brûlé
ships_list:Noémie Castel/Théo Brûlé
description:Lyon, 1943. Noémie passe des messages dans les ourlets des robes qu’elle répare. Théo, lui, ne devrait pas savoir coudre.
chapter_urls:
 file:///tmp/ficarchive-fff-src/story-1003.html#c1,Chapitre 1
 file:///tmp/ficarchive-fff-src/story-1003.html#c2,Chapitre 2
 file:///tmp/ficarchive-fff-src/story-1003.html#c3,Chapitre 3 : La gare

[teststory:1004]
title:星の渡し守 (The Star Ferryman)
author_list:tsukimi_no_kai
authorId_list:10040
authorUrl_list:http://test1.com?authid=10040
datePublished:2021-08-15
dateUpdated:2021-09-02
numWords:173
status:In-Progress
language:English
rating:T
category_list:Hoshi no Watashimori | 星の渡し守 (Anime)
genre_list:Supernatural,Romance
warnings_list:
characters_list:Mizushima Kaito,Asagiri Ren
ships_list:Asagiri Ren/Mizushima Kaito
series:渡し守シリーズ [3]
seriesUrl:http://test1.com?seriesid=1004
description:Every night Ren rows the dead across the river of stars. Tonight one of them is still breathing. (Tanabata AU — 七夕.)
chapter_urls:
 file:///tmp/ficarchive-fff-src/story-1004.html#c1,Chapter 1: 夜明け (Dawn)
 file:///tmp/ficarchive-fff-src/story-1004.html#c2,Chapter 2: Crossing

[teststory:1005]
title:Six Letters from Harrowgate
author_list:quillfeather,Ned Ostrander
authorId_list:10050,10051
authorUrl_list:http://test1.com?authid=10050,http://test1.com?authid=10051
datePublished:2014-02-14
dateUpdated:2014-03-28
numWords:266
status:Completed
language:English
rating:K
category_list:Harrowgate Abbey (TV)
genre_list:Romance,Hurt/Comfort
warnings_list:
characters_list:Thomas Pell,Arthur Vane
ships_list:Thomas Pell/Arthur Vane
description:Spring, 1917. Arthur writes from the front; Thomas writes back from the Abbey garden. A collaboration: one of us wrote Arthur, one of us wrote Tom.
chapter_urls:
 file:///tmp/ficarchive-fff-src/story-1005.html#c1,March
 file:///tmp/ficarchive-fff-src/story-1005.html#c2,April
 file:///tmp/ficarchive-fff-src/story-1005.html#c3,May
 file:///tmp/ficarchive-fff-src/story-1005.html#c4,June
 file:///tmp/ficarchive-fff-src/story-1005.html#c5,July
 file:///tmp/ficarchive-fff-src/story-1005.html#c6,August

FFF_EOF

cd "$WORK"
for run in 1001:cartographer 1002:snowmelt 1003:heures-bleues 1004:star-ferryman 1005:harrowgate-letters; do
  sid="${run%%:*}"; slug="${run#*:}"
  for fmt in epub html txt; do
    "$FANFICFARE" -c "$WORK/personal.ini" -f "$fmt" \
      -o "output_filename=out-${sid}\${formatext}" "http://test1.com?sid=$sid" >/dev/null
    mv "out-${sid}.${fmt}" "$HERE/fff-${slug}-${fmt}.${fmt}"
  done
done
# one more EPUB with the other title-page layout (table), a table-of-contents page and a log page
"$FANFICFARE" -c "$WORK/personal.ini" -f epub -o titlepage_use_table=true -o include_tocpage=true -o include_logpage=true \
  -o "output_filename=out-1001\${formatext}" "http://test1.com?sid=1001" >/dev/null
mv out-1001.epub "$HERE/fff-cartographer-epub-tablepage.epub"
rm -rf "$SRC"
ls -l "$HERE"
