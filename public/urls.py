from django.urls import path

from . import feeds, views

app_name = "public"

urlpatterns = [
    path("", views.index, name="index"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("<int:body>/", views.body, name="body"),
    path("<int:body>/meetings/", views.past_meetings, name="past_meetings"),
    path("<int:body>/decisions/", views.decisions, name="decisions"),
    path("<int:body>/meetings.ics", feeds.calendar, name="calendar"),
    path("<int:body>/papers.atom", feeds.papers_feed, name="papers_feed"),
    path("<int:body>/meetings/<int:meeting>/", views.meeting, name="meeting"),
    path("<int:body>/meetings/<int:meeting>/papers.pdf", views.pack, name="pack"),
    path("<int:body>/meetings/<int:meeting>/minutes/", views.minutes, name="minutes"),
    path("<int:body>/meetings/<int:meeting>/questions/", views.AskView.as_view(), name="ask"),
    path("<int:body>/meetings/<int:meeting>/questions/sent/", views.question_sent, name="question_sent"),
    path("<int:body>/meetings/<int:meeting>/papers/<int:item>/", views.paper, name="paper"),
    path("<int:body>/meetings/<int:meeting>/papers/<int:item>/documents/<int:number>/", views.paper_document,
         name="paper_document"),
]
