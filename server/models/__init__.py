"""SQLAlchemy 2.0 typed models, one module per capability.

Importing this package registers every table on the metadata (Alembic needs them all).
"""

from server.models.goal import Goal, Value
from server.models.intention import Intention
from server.models.preference import Preference
from server.models.push import PushSubscription, PushTestWindow, ReminderDelivery
from server.models.reminder import Reminder, ReminderPrefs
from server.models.reset import PasswordReset
from server.models.session import UserSession
from server.models.sync import SyncClient, SyncCounter, SyncedRecord, SyncRejection
from server.models.user import SignInFailure, User
from server.models.weekly import Reflection, WeeklySummary, WeekWordCounts
from server.models.win import Win

__all__ = [
    "Goal",
    "Intention",
    "PasswordReset",
    "Preference",
    "Reflection",
    "PushSubscription",
    "PushTestWindow",
    "Reminder",
    "ReminderDelivery",
    "ReminderPrefs",
    "SignInFailure",
    "SyncClient",
    "SyncCounter",
    "SyncRejection",
    "SyncedRecord",
    "User",
    "UserSession",
    "Value",
    "WeekWordCounts",
    "WeeklySummary",
    "Win",
]
