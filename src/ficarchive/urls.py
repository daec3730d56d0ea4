"""Top-level URL map: each app owns its own routes."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from ficarchive.accounts.views import ThrottledLoginView, ThrottledPasswordResetView
from ficarchive.core.views import favicon, healthz
from ficarchive.offline.views import ClearingLogoutView

urlpatterns = [
    # Our throttled login and reset first, then the rest of Django's account views under their names
    # (logout, password_change, password_reset, password_reset_confirm...).
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
    # Logging out also clears the device's saved copies (offline reading).
    path("accounts/logout/", ClearingLogoutView.as_view(), name="logout"),
    path("accounts/password_reset/", ThrottledPasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("ficarchive.accounts.urls")),
    path("", include("ficarchive.works.urls")),
    path("", include("ficarchive.reader.urls")),
    path("", include("ficarchive.tags.urls")),
    path("", include("ficarchive.search.urls")),
    path("", include("ficarchive.community.urls")),
    path("", include("ficarchive.offline.urls")),
    path("", include("ficarchive.notifications.urls")),
    path("", include("ficarchive.muting.urls")),
    path("", include("ficarchive.readings.urls")),
    path("", include("ficarchive.downloads.urls")),
    path("", include("ficarchive.kosync.urls")),
    path("", include("ficarchive.feeds.urls")),
    path("", include("ficarchive.moderation.urls")),
    path("", include("ficarchive.privacy.urls")),
    # viewstory.php?sid=N and friends: the old addresses of a migrated eFiction archive.
    path("", include("ficarchive.efiction.urls")),
    path("admin/", admin.site.urls),
    path("favicon.ico", favicon, name="favicon"),
    path("healthz", healthz, name="healthz"),
]

handler404 = "ficarchive.core.views.page_not_found"
handler500 = "ficarchive.core.views.server_error"
