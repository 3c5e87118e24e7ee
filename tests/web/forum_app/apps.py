"""A stand-in for the Global Forum app: it declares its modules and nothing
in the web shell names it."""

from django.apps import AppConfig

from migdev.core.modules import Module, NavEntry


class ForumTestConfig(AppConfig):
    name = "tests.web.forum_app"
    label = "forum_test"
    modules = (
        Module(
            key="forum",
            title="Global Forum (test app)",
            nav_label="Forum (test app)",
            summary="Meetings of the Global Forum, from a test app.",
            references=("¶11–20",),
            url="forum_test:start",
            urls="tests.web.forum_app.urls",
            prefix="forum/",
            nav=(
                NavEntry(
                    key="forum-meetings",
                    label="Meetings",
                    url="forum_test:start",
                    order=21,
                ),
            ),
            order=20,
        ),
        Module(
            key="forum-steering",
            title="Steering Group (test app)",
            summary="Only the secretariat sees this module.",
            roles=frozenset({"secretariat"}),
            order=25,
        ),
    )
