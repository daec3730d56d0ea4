"""The policy pages a new archive starts with, for its admins to rewrite (admin → Policy
pages). Plain, short, and true of what the software does."""

from __future__ import annotations

TERMS = """\
By making an account you agree to these terms.

- Post only what you have the right to post. Fan works are welcome; copying someone
  else's work and calling it yours is not.
- Rate and warn honestly, so readers can choose what they read.
- No harassment, spam, or content that breaks the law where this archive is run.
- The moderators may hide content, warn, suspend or ban accounts that break these terms.
  You are told what was hidden and why, and you can appeal once.

Your works stay yours. You can delete them, and your account, at any time.
"""

PRIVACY = """\
This archive keeps what it needs to run, and nothing more.

- **Your account**: name, email address (never shown to anyone), password (stored as a slow
  hash), reader settings.
- **What you do here**: works, comments, kudos, bookmarks, subscriptions, reading history
  (you can pause or clear it), mutes and blocks.
- **Guests**: an email address given with a guest comment or a report is seen only by the
  moderators; network addresses are used for rate limits and are not stored with what you
  post.

You can download everything the archive holds about you from your settings
("Download your data"), and delete your account there too.
"""

CONTENT = """\
What this archive accepts:

- Fan works of any rating, rated and warned with the archive's ratings and warnings.
- Works whose rating or warnings are wrong may be hidden until they are corrected.
- Not accepted: plagiarism, spam and advertising, harassment of members, and anything
  illegal where this archive is run.

Use **Report** on any work, chapter, comment, bookmark or member to tell the moderators.
Whoever you report is never told who reported them.
"""

PAGES = [
    ("terms", "Terms of service", TERMS),
    ("privacy", "Privacy policy", PRIVACY),
    ("content-policy", "Content policy", CONTENT),
]
