"""The production nginx profile (deploy/nginx/) under a real nginx, in front of the live app.

The server under test is the tests' own plain-HTTP server block including the very snippets an
admin installs (benchmarks/nginx_profile.py); the site file itself, TLS and all, must pass
`nginx -t` with a self-signed certificate in certbot's place. Visitors connect from addresses
of their own on loopback (127.0.0.2, 127.0.0.3), nginx from 127.0.0.1, so what reaches the app
as the visitor's address is visibly the visitor's, not nginx's.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import http.client
import re
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from benchmarks import nginx_profile
from django.conf import settings as django_settings
from django.core.cache import caches
from django.test import Client

from ficarchive.accounts.app_passwords import app_password_create
from ficarchive.community.nginx_hits import hits_from_nginx_log
from ficarchive.community.services import hits_flush
from ficarchive.reader import views as reader_views
from ficarchive.reader.preferences import ReaderPreferences
from ficarchive.works.models import Work
from tests.factories import UserFactory, WorkFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(nginx_profile.nginx_binary() is None, reason="nginx is not installed"),
    pytest.mark.xdist_group("nginx"),
]
HOST = "localhost"
GUEST_A, GUEST_B = "127.0.0.2", "127.0.0.3"


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def cache(self) -> str:
        return self.headers.get("X-Cache-Status", "")


@dataclass
class Proxy:
    port: int
    work_dir: Path
    static_root: Path
    hits_log: Path

    def get(self, path: str, *, source: str = GUEST_A, method: str = "GET",
            headers: dict[str, str] | None = None) -> Answer:  # fmt: skip
        connection = http.client.HTTPConnection(
            nginx_profile.HOST, self.port, timeout=30, source_address=(source, 0)
        )
        connection.request(method, path, headers={"Host": HOST, **(headers or {})})
        response = connection.getresponse()
        answer = Answer(response.status, response.headers, response.read())
        connection.close()
        return answer

    def logged_hits(self, count: int) -> list[str]:
        """The hits log once it holds `count` lines: nginx writes a request's line after it
        has sent the response, so a client can read the answer before the line is there."""
        deadline = time.monotonic() + 10
        lines = self.hits_log.read_text().splitlines() if self.hits_log.exists() else []
        while len(lines) < count and time.monotonic() < deadline:
            time.sleep(0.02)
            lines = self.hits_log.read_text().splitlines() if self.hits_log.exists() else []
        return lines


@pytest.fixture
def proxy(live_server: Any, settings: Any, tmp_path: Path) -> Iterator[Proxy]:
    if missing := nginx_profile.missing_modules():
        pytest.fail(f"nginx lacks {missing}: apt-get install libnginx-mod-http-brotli-filter "
                    "libnginx-mod-http-brotli-static")  # fmt: skip
    settings.FICARCHIVE_TRUSTED_PROXIES = ["127.0.0.1"]
    settings.ROOT_URLCONF = "tests.deploy.urls"
    for alias in ("default", "pages"):  # no day keys or pages left by an earlier test
        caches[alias].clear()
    app_port = int(live_server.url.rsplit(":", 1)[1])
    static_root = tmp_path / "static"
    static_root.mkdir()
    port = nginx_profile.free_port()
    hits_log = tmp_path / "hits.log"
    http_block = nginx_profile.production_http(
        work_dir=tmp_path, port=port, app_port=app_port, static_root=static_root,
        hits_log=hits_log,
    )  # fmt: skip
    conf = nginx_profile.main_conf(tmp_path, http_block)
    process = nginx_profile.start(conf, tmp_path, port)
    try:
        yield Proxy(port, tmp_path, static_root, hits_log)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def work() -> Work:
    work: Work = WorkFactory(title="The Long Tram", chapters=2)
    return work


def member_cookie() -> str:
    client = Client()
    client.force_login(UserFactory())
    name = django_settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"


def test_a_guest_page_is_served_from_the_micro_cache(proxy: Proxy, work: Work) -> None:
    chapter = f"/works/{work.pk}/chapters/2/"
    first, second = proxy.get(chapter), proxy.get(chapter, source=GUEST_B)
    assert (first.status, first.cache) == (200, "MISS")
    assert (second.status, second.cache) == (200, "HIT")
    assert second.body == first.body
    assert b"The Long Tram" in second.body
    assert second.headers["Content-Security-Policy"]  # the app's headers are kept with it
    # A guest with other cookies (a CSRF cookie from a form) shares the page despite Vary.
    assert proxy.get(chapter, headers={"Cookie": "csrftoken=abc"}).cache == "HIT"


def test_a_member_page_is_never_cached_nor_served_from_the_cache(proxy: Proxy, work: Work) -> None:
    chapter = f"/works/{work.pk}/chapters/2/"
    member = {"Cookie": f"reader=x; {member_cookie()}"}
    assert [proxy.get(chapter, headers=member).cache for _ in range(2)] == ["BYPASS", "BYPASS"]
    assert proxy.get(chapter).cache == "MISS"  # nothing the member saw was stored
    assert proxy.get(chapter).cache == "HIT"
    assert proxy.get(chapter, headers=member).cache == "BYPASS"  # nor the guests' page shown


def test_a_request_naming_its_sender_in_a_header_never_meets_the_cache(
    proxy: Proxy, work: Work
) -> None:
    """KOReader's sync sends x-auth-user and no cookie; feed readers send HTTP Basic."""
    alice = UserFactory(username="alice")
    _, password = app_password_create(user=alice, name="Kobo")
    key = hashlib.md5(password.encode()).hexdigest()  # noqa: S324 - KOReader's own key
    alice_headers = {"x-auth-user": "alice", "x-auth-key": key}
    mallory_headers = {"x-auth-user": "alice", "x-auth-key": "0" * 32}
    answers = [proxy.get("/kosync/users/auth", headers=alice_headers) for _ in range(2)]
    assert [(a.status, a.cache) for a in answers] == [(200, "BYPASS"), (200, "BYPASS")]
    wrong = proxy.get("/kosync/users/auth", headers=mallory_headers)
    assert (wrong.status, wrong.cache) == (401, "BYPASS")  # not alice's answer, kept for 5 s
    assert proxy.get("/kosync/users/auth").status == 401  # nor a guest's
    chapter = f"/works/{work.pk}/chapters/2/"
    assert proxy.get(chapter).cache == "MISS"
    basic = {"Authorization": "Basic " + base64.b64encode(b"alice:" + password.encode()).decode()}
    assert proxy.get(chapter, headers=basic).cache == "BYPASS"


def test_a_guest_with_messages_waiting_gets_a_fresh_page(proxy: Proxy, work: Work) -> None:
    chapter = f"/works/{work.pk}/"
    proxy.get(chapter)
    assert proxy.get(chapter).cache == "HIT"
    assert proxy.get(chapter, headers={"Cookie": "messages=abc"}).cache == "BYPASS"


def test_a_response_that_sets_a_cookie_is_never_cached(proxy: Proxy) -> None:
    answers = [proxy.get("/test/sets-a-cookie/") for _ in range(3)]
    assert [answer.status for answer in answers] == [200, 200, 200]
    assert all("someone=1" in answer.headers["Set-Cookie"] for answer in answers)
    assert [answer.cache for answer in answers] == ["MISS", "MISS", "MISS"]


def test_a_private_response_is_never_cached(proxy: Proxy) -> None:
    answers = [proxy.get("/accounts/login/") for _ in range(2)]
    assert "private" in answers[0].headers["Cache-Control"]
    assert [answer.cache for answer in answers] == ["MISS", "MISS"]


def test_display_settings_keep_their_own_pages(proxy: Proxy, work: Work) -> None:
    chapter = f"/works/{work.pk}/chapters/1/"
    dark = {"Cookie": f"reader={ReaderPreferences(skin='dark').to_cookie()}"}
    assert proxy.get(chapter, headers=dark).cache == "MISS"
    plain = proxy.get(chapter)
    assert plain.cache == "MISS"
    assert b'data-skin="auto"' in plain.body
    again = proxy.get(chapter, headers=dark, source=GUEST_B)
    assert again.cache == "HIT"
    assert b'data-skin="dark"' in again.body
    assert b'data-skin="auto"' in proxy.get(chapter, source=GUEST_B).body


def test_head_is_kept_apart_from_get(proxy: Proxy, work: Work) -> None:
    page = f"/works/{work.pk}/"
    assert [proxy.get(page, method="HEAD").cache for _ in range(2)] == ["MISS", "HIT"]
    got = proxy.get(page)
    assert got.cache == "MISS"
    assert b"The Long Tram" in got.body


def test_static_files_are_served_by_nginx(proxy: Proxy) -> None:
    css = b"body { color: #222; }\n" * 100
    folder = proxy.static_root / "ficarchive"
    folder.mkdir()
    (folder / "site.0123456789ab.css").write_bytes(css)
    (folder / "site.0123456789ab.css.gz").write_bytes(gzip.compress(css))
    (folder / "site.0123456789ab.css.br").write_bytes(b"brotli bytes, made by collectstatic")
    (folder / "favicon.svg").write_bytes(b"<svg/>")
    hashed = proxy.get("/static/ficarchive/site.0123456789ab.css")
    assert (hashed.status, hashed.body) == (200, css)
    assert hashed.headers["Content-Type"] == "text/css"
    assert hashed.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "X-Cache-Status" not in hashed.headers  # not the app's
    zipped = proxy.get(hashed_path := "/static/ficarchive/site.0123456789ab.css",
                       headers={"Accept-Encoding": "gzip"})  # fmt: skip
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.body) == css
    brotli = proxy.get(hashed_path, headers={"Accept-Encoding": "br, gzip"})
    assert brotli.headers["Content-Encoding"] == "br"
    assert brotli.body == b"brotli bytes, made by collectstatic"  # the precompressed file
    plain = proxy.get("/static/ficarchive/favicon.svg")
    assert plain.headers["Cache-Control"] == "public, max-age=3600"
    assert proxy.get("/static/ficarchive/absent.css").status == 404
    (proxy.work_dir / "secret_key").write_bytes(b"the data folder's secret")
    for escape in ("/static/../secret_key", "/static/%2e%2e/secret_key", "/static/..%2fsecret_key"):
        assert b"secret" not in proxy.get(escape).body


def test_pages_are_compressed(proxy: Proxy, work: Work) -> None:
    page = f"/works/{work.pk}/"
    plain = proxy.get(page)
    zipped = proxy.get(page, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.body) == plain.body
    assert proxy.get(page, headers={"Accept-Encoding": "br"}).headers["Content-Encoding"] == "br"


def raw_post(port: int, length: int) -> bytes:
    """The status line of a POST of `length` bytes (over the limit, nginx answers from the
    header alone: only the first megabyte is sent)."""
    with socket.create_connection((nginx_profile.HOST, port), timeout=30) as sock:
        sock.sendall(
            f"POST /works/import/ HTTP/1.1\r\nHost: {HOST}\r\nContent-Length: {length}\r\n"
            "Content-Type: application/octet-stream\r\nConnection: close\r\n\r\n".encode()
            + b"x" * (length if length <= 23 * 1024 * 1024 else 1024 * 1024)
        )
        return sock.recv(200).split(b"\r\n", 1)[0]


def test_a_body_over_the_upload_limit_is_refused(proxy: Proxy) -> None:
    from ficarchive.formats.registry import MAX_FILE_BYTES

    allowed = MAX_FILE_BYTES + django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert raw_post(proxy.port, 23 * 1024 * 1024 + 1).startswith(b"HTTP/1.1 413")
    # A story file of the largest size the app takes, with its form, reaches the app.
    status = raw_post(proxy.port, allowed)
    assert status.startswith(b"HTTP/1.1 ")
    assert b" 413" not in status


def test_the_app_sees_the_visitor_s_own_address(
    proxy: Proxy, work: Work, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    record = reader_views.hit_record

    def recording(**kwargs: Any) -> bool:
        seen.append(kwargs["address"])
        return record(**kwargs)

    monkeypatch.setattr(reader_views, "hit_record", recording)
    spoofed = {"X-Forwarded-For": "198.51.100.7"}  # what a visitor writes is not believed
    assert proxy.get(f"/works/{work.pk}/", source=GUEST_B, headers=spoofed).status == 200
    assert seen == [GUEST_B]


def test_pages_served_from_the_micro_cache_count_once_per_visitor_a_day(
    proxy: Proxy, work: Work
) -> None:
    chapter = f"/works/{work.pk}/chapters/2/"
    state = proxy.work_dir / "hits-position.json"
    assert proxy.get(chapter, source=GUEST_A).cache == "MISS"  # the app counts A
    assert proxy.get(chapter, source=GUEST_A).cache == "HIT"  # A again: logged, not new
    assert proxy.get(chapter, source=GUEST_B).cache == "HIT"  # B: only nginx saw it
    assert proxy.get(chapter, source=GUEST_B, method="HEAD").status == 200  # not a reader
    logged = proxy.logged_hits(2)
    assert [line.split(" ", 1)[1] for line in logged] == [
        f"{GUEST_A} {chapter}", f"{GUEST_B} {chapter}",
    ]  # fmt: skip
    assert hits_from_nginx_log(log=proxy.hits_log, state=state) == 1  # B; A was the app's
    # B again, served by the app this time: B was counted today already.
    assert proxy.get(f"/works/{work.pk}/", source=GUEST_B).cache == "MISS"
    # A third visitor: counted by whichever saw them (the micro-cache lasts 5 seconds).
    third = proxy.get(chapter, source="127.0.0.4")
    proxy.logged_hits(3 if third.cache == "HIT" else 2)
    counted = hits_from_nginx_log(log=proxy.hits_log, state=state)
    assert counted == (1 if third.cache == "HIT" else 0)
    assert hits_from_nginx_log(log=proxy.hits_log, state=state) == 0  # each line read once
    hits_flush()
    work.refresh_from_db()
    assert work.hit_count == 3


SITE_HOST = "archive.example.org"


def installed_site(tmp_path: Path, *replacements: tuple[str, str]) -> Path:
    """The site file as an admin installs it, with a self-signed certificate where certbot's
    goes and the machine's folders in tmp_path; returns an nginx.conf including it."""
    if nginx_profile.missing_modules():
        pytest.fail("nginx lacks the brotli modules (libnginx-mod-http-brotli-filter, -static)")
    live = tmp_path / "letsencrypt" / "live" / SITE_HOST
    live.mkdir(parents=True)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", f"/CN={SITE_HOST}", "-keyout", str(live / "privkey.pem"),
         "-out", str(live / "fullchain.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    site = (nginx_profile.NGINX_DIR / "ficarchive.conf").read_text(encoding="utf-8")
    for installed, here in (
        ("/opt/ficarchive/app/deploy/nginx/", f"{nginx_profile.NGINX_DIR}/"),
        ("/etc/letsencrypt/", f"{tmp_path}/letsencrypt/"),
        ("/var/cache/nginx/", f"{tmp_path}/cache/"),
        ("/var/log/nginx/", f"{tmp_path}/"),
        *replacements,
    ):
        assert installed in site
        site = site.replace(installed, here)
    (tmp_path / "cache").mkdir()  # /var/cache/nginx: the README makes it (Debian does not)
    (tmp_path / "ficarchive.conf").write_text(site, encoding="utf-8")
    return nginx_profile.main_conf(tmp_path, f"include {tmp_path}/ficarchive.conf;")


def test_the_site_file_passes_nginx_t_with_certbot_s_files_in_place(tmp_path: Path) -> None:
    conf = installed_site(tmp_path)
    binary = nginx_profile.nginx_binary()
    assert binary is not None
    checked = subprocess.run(
        [binary, "-t", "-c", str(conf), "-p", str(tmp_path)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr


def test_the_site_serves_https_and_sends_plain_http_there_but_acme(
    live_server: Any, settings: Any, tmp_path: Path
) -> None:
    settings.ALLOWED_HOSTS = [SITE_HOST]
    http_port, https_port = nginx_profile.free_port(), nginx_profile.free_port()
    app_port = live_server.url.rsplit(":", 1)[1]
    webroot, static = tmp_path / "acme", tmp_path / "data" / "static"
    (webroot / ".well-known" / "acme-challenge").mkdir(parents=True)
    (webroot / ".well-known" / "acme-challenge" / "token").write_text("proof")
    static.mkdir(parents=True)
    (static / "site.css").write_text("body {}")
    conf = installed_site(
        tmp_path,
        ("    listen 80;\n    listen [::]:80;", f"    listen 127.0.0.1:{http_port};"),
        ("    listen 443 ssl http2;\n    listen [::]:443 ssl http2;",
         f"    listen 127.0.0.1:{https_port} ssl http2;"),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};"),
        ("/var/www/letsencrypt", str(webroot)),
        ("/var/lib/ficarchive/static", str(static)),
    )  # fmt: skip
    process = nginx_profile.start(conf, tmp_path, https_port)
    try:
        plain = http.client.HTTPConnection(nginx_profile.HOST, http_port, timeout=30)
        plain.request("GET", "/.well-known/acme-challenge/token", headers={"Host": SITE_HOST})
        answer = plain.getresponse()
        assert (answer.status, answer.read()) == (200, b"proof")
        plain.request("GET", "/works/?page=2", headers={"Host": SITE_HOST})
        answer = plain.getresponse()
        answer.read()
        assert answer.status == 301
        assert answer.headers["Location"] == f"https://{SITE_HOST}/works/?page=2"
        context = ssl.create_default_context(
            cafile=str(tmp_path / "letsencrypt" / "live" / SITE_HOST / "fullchain.pem")
        )
        with (
            socket.create_connection((nginx_profile.HOST, https_port), timeout=30) as raw,
            context.wrap_socket(raw, server_hostname=SITE_HOST) as tls,
        ):
            assert tls.version() in {"TLSv1.2", "TLSv1.3"}  # the certificate checked, by name
        context.check_hostname = False  # http.client names the host by its address
        secure = http.client.HTTPSConnection(
            nginx_profile.HOST, https_port, timeout=30, context=context
        )
        for path in ("/static/site.css", "/"):
            secure.request("GET", path, headers={"Host": SITE_HOST})
            answer = secure.getresponse()
            answer.read()
            assert answer.status == 200, path
    finally:
        process.terminate()
        process.wait(timeout=10)
    # One line a request, with its time and the micro-cache's verdict (nginx has stopped:
    # its lines are written).
    logged = (tmp_path / "ficarchive-access.log").read_text(encoding="utf-8").splitlines()
    [home] = [line for line in logged if '"GET / HTTP/1.1" 200' in line]
    assert re.search(r" rt=\d+\.\d{3} upstream=\d+\.\d{3} cache=MISS$", home), home
