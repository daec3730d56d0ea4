from __future__ import annotations

from typing import Any

from django import forms

from ficarchive.community.services import COMMENT_MAX_LENGTH
from ficarchive.notifications.models import Delivery, NoticeKind, Subscription


class SubscribeForm(forms.Form):
    """What to follow: a kind and an id, or (a search or list) the page's address."""

    kind = forms.ChoiceField(choices=Subscription.Kind.choices)
    target = forms.IntegerField(required=False, min_value=1)
    address = forms.CharField(required=False, max_length=3000)
    subscription = forms.IntegerField(required=False, min_value=1)
    next = forms.CharField(required=False, max_length=3000)


class UnsubscribeByIdForm(forms.Form):
    subscription = forms.IntegerField(min_value=1)


class InboxUpdateForm(forms.Form):
    ACTIONS = [("read", "Mark read"), ("unread", "Mark unread"), ("delete", "Delete"),
               ("read_all", "Mark all read")]  # fmt: skip
    action = forms.ChoiceField(choices=ACTIONS)
    item = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any id: the service only ever touches the member's own items.
        item = self.fields["item"]
        assert isinstance(item, forms.TypedMultipleChoiceField)
        item.valid_value = lambda value: str(value).isdigit()  # type: ignore[method-assign]


class InboxReplyForm(forms.Form):
    item = forms.IntegerField(min_value=1)
    text = forms.CharField(max_length=COMMENT_MAX_LENGTH, widget=forms.Textarea)


class PreferencesForm(forms.Form):
    """One choice per kind of notice: at once, in the daily digest, or never by email."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in NoticeKind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label, choices=Delivery.choices, widget=forms.RadioSelect
            )
