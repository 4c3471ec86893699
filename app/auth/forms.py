"""Sign-in form."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Email, Length


class LoginForm(FlaskForm):
    """E-mail and password."""

    email = StringField(
        "E-mail address",
        validators=[DataRequired(), Email(), Length(max=254)],
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
    )
    password = PasswordField("Password", validators=[DataRequired(), Length(max=500)])
