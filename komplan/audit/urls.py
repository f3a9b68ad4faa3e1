from django.urls import path

import komplan.plans.urls  # noqa: F401  (registers the `register` path converter)
from komplan.audit import views

app_name = "audit"

urlpatterns = [
    path("<int:plan_id>/history/", views.plan_history, name="plan_history"),
    # The plan's own facts; the register converter knows only the registers.
    path("<int:plan_id>/history/plan/", views.plan_facts_history, name="plan_facts_history"),
    path(
        "<int:plan_id>/history/<register:register>/<int:object_id>/",
        views.object_history,
        name="object_history",
    ),
    # What belongs to the plan outside its registers (`recording.Tracked`).
    path(
        "<int:plan_id>/history/<slug:register>/<int:object_id>/",
        views.entry_history,
        name="entry_history",
    ),
]
