"""An organisation's forums, their members, and the start of a new meeting."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from komplan.accounts.access import EDIT, MANAGE, VIEW, organization_view
from komplan.accounts.models import Membership, Organization
from komplan.meetings import services
from komplan.meetings.access import forum_view
from komplan.meetings.forms import ForumForm, ForumMemberForm, MeetingForm
from komplan.meetings.models import Forum
from komplan.meetings.views import can_edit, delete_page, get_in, save_form
from komplan.plans.register_views import ADD_ANOTHER, added_another


@organization_view(VIEW)
def forum_list(
    request: HttpRequest, organization: Organization, membership: Membership
) -> HttpResponse:
    forums = organization.forums.annotate(
        n_members=Count("members", distinct=True), n_meetings=Count("meetings", distinct=True)
    ).order_by("name")
    return render(
        request,
        "meetings/forum_list.html",
        {
            "organization": organization,
            "forums": forums,
            "can_edit": membership.allows(EDIT),
        },
    )


@organization_view(EDIT)
def forum_create(
    request: HttpRequest, organization: Organization, membership: Membership
) -> HttpResponse:
    form = ForumForm(request.POST or None, instance=Forum(organization=organization))
    return save_form(
        request,
        form,
        "meetings/form.html",
        {
            "heading": _("New forum"),
            "organization": organization,
            "cancel_url": reverse("meetings:forums", args=[organization.slug]),
        },
        lambda forum: reverse("meetings:forum", args=[forum.pk]),
        _("The forum was created."),
    )


@forum_view(VIEW)
def forum_detail(request: HttpRequest, forum: Forum) -> HttpResponse:
    meetings = forum.meetings.order_by("-date", "-start_time")
    return render(
        request,
        "meetings/forum_detail.html",
        {
            "forum": forum,
            "members": forum.members.select_related("user").order_by("pk"),
            "meetings": meetings,
            "can_edit": can_edit(forum),
            "can_manage": forum.membership.allows(MANAGE),
        },
    )


@forum_view(EDIT)
def forum_edit(request: HttpRequest, forum: Forum) -> HttpResponse:
    form = ForumForm(request.POST or None, instance=forum)
    back = reverse("meetings:forum", args=[forum.pk])
    return save_form(
        request,
        form,
        "meetings/form.html",
        {"heading": _("Edit forum"), "forum": forum, "cancel_url": back},
        back,
        _("The forum was saved."),
    )


@forum_view(MANAGE)
def forum_delete(request: HttpRequest, forum: Forum) -> HttpResponse:
    return delete_page(
        request,
        forum,
        {"forum": forum},
        reverse("meetings:forums", args=[forum.organization.slug]),
        _("Its members and every meeting with its minutes are deleted. This cannot be undone."),
    )


@forum_view(EDIT)
def member_create(request: HttpRequest, forum: Forum) -> HttpResponse:
    """A forum's members are a register like a meeting's: "Save and add another" brings
    the empty form back, naming the member just added, for the next one."""
    form = ForumMemberForm(request.POST or None, forum=forum)
    back = reverse("meetings:forum", args=[forum.pk])
    context = {
        "heading": _("Add a member"),
        "forum": forum,
        "cancel_url": back,
        "add_another": ADD_ANOTHER,
    }
    if request.method == "POST" and ADD_ANOTHER in request.POST:
        return save_form(request, form, "meetings/form.html", context, request.path, added_another)
    return save_form(request, form, "meetings/form.html", context, back, _("The member was added."))


@forum_view(EDIT)
def member_edit(request: HttpRequest, forum: Forum, member_id: int) -> HttpResponse:
    member = get_in(forum.members.all(), member_id)
    form = ForumMemberForm(request.POST or None, instance=member, forum=forum)
    back = reverse("meetings:forum", args=[forum.pk])
    return save_form(
        request,
        form,
        "meetings/form.html",
        {"heading": _("Edit member"), "forum": forum, "cancel_url": back},
        back,
        _("The member was saved."),
    )


@forum_view(EDIT)
def member_delete(request: HttpRequest, forum: Forum, member_id: int) -> HttpResponse:
    member = get_in(forum.members.all(), member_id)
    return delete_page(
        request,
        member,
        {"forum": forum},
        reverse("meetings:forum", args=[forum.pk]),
        _("Meetings the member took part in keep them as a participant."),
    )


@forum_view(EDIT)
def meeting_create(request: HttpRequest, forum: Forum) -> HttpResponse:
    form = MeetingForm(request.POST or None, forum=forum)
    return save_form(
        request,
        form,
        "meetings/form.html",
        {
            "heading": _("New meeting of %(forum)s") % {"forum": forum.name},
            "forum": forum,
            "cancel_url": reverse("meetings:forum", args=[forum.pk]),
        },
        lambda meeting: reverse("meetings:meeting", args=[meeting.pk]),
        _("The meeting was created. Add its participants and agenda next."),
        save=lambda form: services.meeting_create(form=form, forum=forum, user=request.user),
    )
