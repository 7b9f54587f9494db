"""The API's keyset pages (DRF's CursorPagination), with a cursor that cannot be read refused as a 400."""

import base64
import binascii

from django.core.exceptions import ValidationError
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound
from rest_framework.pagination import CursorPagination


class InvalidCursor(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "Invalid cursor: follow the next and previous links the API gives, unchanged."
    default_code = "invalid_cursor"


class NewestFirst(CursorPagination):
    """
    Keyset pagination: page 500 costs what page 1 does, however many rows there are. Every
    endpoint's pages (REST_FRAMEWORK's DEFAULT_PAGINATION_CLASS).

    DRF reads a cursor's offset and direction but passes its position ("p") to the database as it
    comes, so an edited one ("p=abc" against an integer key) fails in the query, a 500; and a cursor
    it cannot decode at all is a 404. Here both are the client's mistake, a 400.
    """

    page_size = 50
    ordering = "-pk"

    def paginate_queryset(self, queryset, request, view=None):
        # DRF compares the position with the first sort field only; read it as that field would.
        self.position_field = _field(queryset.model, self.get_ordering(request, queryset, view)[0])
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request):
        try:
            # DRF's decoding skips what is not base64 ("%%%" would read as no cursor, the first page).
            base64.b64decode(request.query_params.get(self.cursor_query_param, "").encode(), validate=True)
            cursor = super().decode_cursor(request)
        except (NotFound, binascii.Error):
            raise InvalidCursor from None
        if cursor is not None and cursor.position is not None and not self._readable(cursor.position):
            raise InvalidCursor
        return cursor

    def _readable(self, position):
        if "\x00" in position:  # PostgreSQL refuses NUL in any text it is sent
            return False
        try:
            value = self.position_field.to_python(position)
            self.position_field.run_validators(value)  # e.g. an integer beyond the column's range
        except (ValidationError, ValueError, TypeError, OverflowError):
            return False
        return value is not None  # the sort fields are never null


def _field(model, term):
    name = term.lstrip("-")
    return model._meta.pk if name == "pk" else model._meta.get_field(name)
