from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from ficarchive.accounts.models import CreatorClaim, SignupInvitation, User
from ficarchive.accounts.services import creator_claim_decide


@admin.register(User)
class MemberAdmin(UserAdmin[User]):
    fieldsets = (*UserAdmin.fieldsets, ("Profile", {"fields": ("bio", "email_confirmed")}))  # type: ignore[misc]


@admin.register(SignupInvitation)
class SignupInvitationAdmin(admin.ModelAdmin[SignupInvitation]):
    list_display = ["code", "created_by", "used_by", "created_at"]
    readonly_fields = ["code", "used_by"]

    def save_model(
        self, request: HttpRequest, obj: SignupInvitation, form: object, change: bool
    ) -> None:
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)

    def get_exclude(self, request: HttpRequest, obj: SignupInvitation | None = None) -> list[str]:
        return ["created_by"]


@admin.register(CreatorClaim)
class CreatorClaimAdmin(admin.ModelAdmin[CreatorClaim]):
    list_display = ["creator", "user", "status", "created_at"]
    list_filter = ["status"]
    actions = ["approve", "reject"]

    @admin.action(description="Approve: link the creator name to the member")
    def approve(self, request: HttpRequest, queryset: QuerySet[CreatorClaim]) -> None:
        for claim in queryset.filter(status=CreatorClaim.Status.PENDING):
            creator_claim_decide(claim=claim, approve=True)
        messages.success(request, "Approved.")

    @admin.action(description="Reject")
    def reject(self, request: HttpRequest, queryset: QuerySet[CreatorClaim]) -> None:
        for claim in queryset.filter(status=CreatorClaim.Status.PENDING):
            creator_claim_decide(claim=claim, approve=False)
        messages.success(request, "Rejected.")
