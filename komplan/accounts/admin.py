from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from komplan.accounts.models import Invitation, Membership, Organization, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]
    # The logo only through the organisation's settings screen, which checks and re-encodes
    # the uploaded picture (komplan/accounts/branding.py); here it is shown, not uploaded.
    readonly_fields = ["logo"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organization", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["organization"]
    search_fields = ["email"]
    readonly_fields = ["token"]


admin.site.register(User, UserAdmin)
