"""
A filter's choices among the configuration (bodies, places), read from the cache (user_cache.shared)
rather than asked of the database each time a page with the filter is worked out; kept, like all of
it, until anything is written. Only the choices shown are kept: a value given is still looked up in
the database when the form is checked (ModelChoiceField.to_python).
"""

import hashlib

import django_filters
from django.core.exceptions import EmptyResultSet
from django_filters.fields import ModelChoiceField, ModelChoiceIterator

from .user_cache import shared


class KeptChoiceIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for row in self.rows():
            yield self.choice(row)

    def __len__(self):
        return len(self.rows()) + (self.field.empty_label is not None) + (self.field.null_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.rows())

    def rows(self):
        if not hasattr(self, "_rows"):
            try:
                sql = str(self.queryset.query)
            except EmptyResultSet:  # a queryset that cannot match anything (none(), pk__in=[])
                self._rows = []
                return self._rows
            # The query itself is the key: its parameters (a person's bodies) make it theirs alone.
            key = "choices:" + hashlib.sha256(sql.encode()).hexdigest()
            self._rows = shared(key, lambda: list(self.queryset))
        return self._rows


class KeptModelChoiceField(ModelChoiceField):
    iterator = KeptChoiceIterator


class KeptModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = KeptModelChoiceField
