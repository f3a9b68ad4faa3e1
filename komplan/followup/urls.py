from django.urls import path

from komplan.followup import report_views, views

app_name = "followup"

F = "<int:plan_id>/follow-up/"
G = F + "goals/<int:goal_id>/"
M = G + "measurements/<int:measurement_id>/"

urlpatterns = [
    path(F, views.plan_followup, name="plan"),
    path(G, views.goal_page, name="goal"),
    path(G + "indicator/edit/", views.indicator_edit, name="indicator_edit"),
    path(G + "measurements/new/", views.measurement_add, name="measurement_add"),
    path(M + "edit/", views.measurement_edit, name="measurement_edit"),
    path(M + "delete/", views.measurement_delete, name="measurement_delete"),
]

# The report texts and the reports (report_views.py).
R = F + "report/"
urlpatterns += [
    path(R + "edit/", report_views.texts_edit, name="report_texts"),
    path(
        R + "final.docx", report_views.download, {"kind": "final", "fmt": "docx"}, name="final_docx"
    ),
    path(R + "final.pdf", report_views.download, {"kind": "final", "fmt": "pdf"}, name="final_pdf"),
    path(
        R + "follow-up.docx",
        report_views.download,
        {"kind": "quarterly", "fmt": "docx"},
        name="quarterly_docx",
    ),
    path(
        R + "follow-up.pdf",
        report_views.download,
        {"kind": "quarterly", "fmt": "pdf"},
        name="quarterly_pdf",
    ),
]
