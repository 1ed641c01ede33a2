from . import rating_admin  # noqa: F401  (the ratings' admin)
