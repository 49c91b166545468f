from django.urls import path

from . import views

urlpatterns = [
    path("comments/post/<int:post_id>/", views.post_comment, name="comment_post"),
]
