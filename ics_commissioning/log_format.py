"""How every process logs in production, for Django's LOGGING (settings) and gunicorn's (gunicorn.conf.py)
alike: one JSON object a line, with the time, level, logger, message and the request's id."""

REQUEST_ID_FILTER = {"()": "ics_commissioning.request_id.RequestIdFilter"}

JSON_FORMATTER = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": "{levelname}{name}{message}{request_id}",
    "style": "{",
    "timestamp": "time",
    "rename_fields": {"levelname": "level", "name": "logger"},
}
