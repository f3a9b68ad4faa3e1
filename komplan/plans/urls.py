from django.urls import path, register_converter

from komplan.plans import views
from komplan.plans.registers import RegisterConverter
from komplan.plans.views import activity_plan, following
from komplan.plans.views import coverage as coverage_views
from komplan.plans.views import timeline as timeline_views

register_converter(RegisterConverter, "register")

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("<int:plan_id>/", views.plan_overview, name="overview"),
    path("<int:plan_id>/edit/", views.plan_edit, name="edit"),
    path("<int:plan_id>/copy/", views.plan_copy, name="copy"),
    path("<int:plan_id>/delete/", views.plan_delete, name="delete"),
    path("<int:plan_id>/follow/", following.plan_follow, name="follow"),
    path("<int:plan_id>/checklist/hide/", following.checklist_dismiss, name="checklist_dismiss"),
    path("<int:plan_id>/coverage/", coverage_views.coverage_matrix, name="coverage"),
    path("<int:plan_id>/coverage/gaps/", coverage_views.coverage_gaps, name="coverage_gaps"),
    path(
        "<int:plan_id>/coverage/groups/<int:group_id>/",
        coverage_views.coverage_briefing,
        name="coverage_briefing",
    ),
    path(
        "<int:plan_id>/coverage/fix/message/add/",
        coverage_views.fix_add_message,
        name="coverage_fix_add_message",
    ),
    path(
        "<int:plan_id>/coverage/fix/activity/new/",
        coverage_views.fix_new_activity,
        name="coverage_fix_new_activity",
    ),
    # The activities register is the activity plan; it comes before the generic register list.
    path("<int:plan_id>/activities/", activity_plan.activity_plan, name="activity_plan"),
    path(
        "<int:plan_id>/activities/period/",
        activity_plan.activity_period,
        name="activity_period",
    ),
    path(
        "<int:plan_id>/activities/messages/",
        activity_plan.activity_messages,
        name="activity_messages",
    ),
    path(
        "<int:plan_id>/activities/options/<str:name>/",
        activity_plan.activity_filter_options,
        name="activity_filter_options",
    ),
    path(
        "<int:plan_id>/activities/status/",
        activity_plan.activity_status_bulk,
        name="activity_status",
    ),
    path("<int:plan_id>/<register:register>/", views.register_list, name="register"),
    path("<int:plan_id>/<register:register>/new/", views.register_create, name="register_create"),
    path(
        "<int:plan_id>/<register:register>/<int:pk>/edit/",
        views.register_edit,
        name="register_edit",
    ),
    path(
        "<int:plan_id>/<register:register>/<int:pk>/delete/",
        views.register_delete,
        name="register_delete",
    ),
    path(
        "<int:plan_id>/<register:register>/<int:pk>/move/",
        views.register_move,
        name="register_move",
    ),
    path("<int:plan_id>/timeline/", timeline_views.plan_timeline, name="timeline"),
]
