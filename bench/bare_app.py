"""The baseline of the throughput measurements: a bare Flask endpoint, served by the same
gunicorn settings as the product (`gunicorn -w 2 bench.bare_app:app`)."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello():
    """A constant page: what Flask and gunicorn cost with no application behind them."""
    return "ok"
