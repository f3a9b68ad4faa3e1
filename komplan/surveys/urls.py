from django.urls import path

from komplan.surveys import views

app_name = "surveys"

P = "plans/<int:plan_id>/surveys/"
S = P + "<int:survey_id>/"
Q = S + "questions/<int:question_id>/"

urlpatterns = [
    path(P, views.survey_list, name="list"),
    path(P + "new/", views.survey_create, name="create"),
    path(S, views.survey_detail, name="survey"),
    path(S + "edit/", views.survey_edit, name="edit"),
    path(S + "delete/", views.survey_delete, name="delete"),
    path(S + "questions/add/", views.question_add, name="question_add"),
    path(Q + "edit/", views.question_edit, name="question_edit"),
    path(Q + "delete/", views.question_delete, name="question_delete"),
    path(Q + "move/", views.question_move, name="question_move"),
    path(S + "open/", views.survey_open, name="open"),
    path(S + "close/", views.survey_close, name="close"),
    path(S + "send/", views.survey_send, name="send"),
    path(S + "link/", views.survey_link, name="link"),
    path(S + "results/", views.survey_results, name="results"),
]
