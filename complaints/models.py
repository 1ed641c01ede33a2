from .rating_models import Rating, RatingInvite  # noqa: F401
