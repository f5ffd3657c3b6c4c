"""The reader's language: Chinese unless they chose another with the header's switch.

Django's LocaleMiddleware also follows the browser's Accept-Language, so an English browser would be shown English
without asking; the platform's readers are Chinese officials and citizens, often on English-language systems. Here
only the choice stored by Django's set_language view (the language cookie) counts, else LANGUAGE_CODE.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    """LocaleMiddleware without the Accept-Language guess; responses still say their language and vary on it."""

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        translation.activate(chosen if chosen in supported else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        """Say the response's language, then leave the thread in the default one: work the thread does next outside
        a request (a worker's task, a test) must not inherit the last reader's choice."""
        response = super().process_response(request, response)
        translation.deactivate()
        return response
