"""Downloads: a work or a series as EPUB, HTML, TXT, PDF, AZW3 or MOBI."""
