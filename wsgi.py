"""The production entry point: `gunicorn wsgi:app` (ProductionConfig; see README "Production")."""

from app import create_app
from config import ProductionConfig

app = create_app(ProductionConfig)
