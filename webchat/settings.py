"""Default Flask settings; an instance config file and test_config are layered on top (see create_app)."""
import os

RASA_URL = os.environ.get("RASA_URL", "http://127.0.0.1:5005")
ACTIONS_URL = os.environ.get("ACTIONS_URL", "http://127.0.0.1:5055")
DATABASE_URL = os.environ.get("KB_DATABASE_URL", "")  # empty: the knowledge base's own default
SITES_FILE = os.environ.get("VA_SITES_FILE", "")  # empty: webchat/sites.yaml
# every this many visitor messages Rasa starts a new session that carries the slots over, so what Rasa reads,
# replays and sends to the action server per turn stays bounded; the full history stays in both databases
SESSION_ROLL_TURNS = int(os.environ.get("VA_SESSION_ROLL_TURNS", "20"))
# admission control: at most this many messages per gateway process wait on Rasa at once; a message that finds
# no room within ADMISSION_WAIT seconds gets a prompt 503 "busy" with Retry-After instead of a long queue
# (waitress has more threads than this, VA_THREADS=48, so a message reaches this gate at once)
MAX_IN_FLIGHT = int(os.environ.get("VA_MAX_IN_FLIGHT", "8"))
ADMISSION_WAIT = float(os.environ.get("VA_ADMISSION_WAIT", "1.0"))
BUSY_RETRY_AFTER = 5  # seconds
RASA_TIMEOUT = float(os.environ.get("VA_RASA_TIMEOUT", "30"))
HEALTH_TIMEOUT = 2.0
# characters in one chat message: real readers' questions to Vietnamese legal Q&A columns run past 1,000 characters
# (the longest of the 2,012 real questions is 1,144), so 2,000 leaves room; the widget's MAX_MESSAGE matches it
MAX_MESSAGE_CHARS = 2000
MAX_SESSION_ID_CHARS = 128
MAX_CONTENT_LENGTH = 64 * 1024  # every request except the workspace import
ADMIN_IMPORT_MAX_BYTES = 9 * 1024 * 1024  # the import file (8 MB, importexport.MAX_UPLOAD) and its form
RATE_LIMIT_PER_SESSION = (int(os.environ.get("VA_RATE_LIMIT_PER_SESSION", "20")), 60)  # messages per 60 s
RATE_LIMIT_PER_CLIENT = (int(os.environ.get("VA_RATE_LIMIT_PER_CLIENT", "120")), 60)
SECRET_KEY = os.environ.get("VA_SECRET_KEY", "")
PROFILE = os.environ.get("VA_PROFILE", "single")  # "scaled": several gateway processes; SECRET_KEY is required
REDIS_URL = os.environ.get("VA_REDIS_URL", "")  # empty: rate limits and site settings live in this process
TRUSTED_PROXIES = int(os.environ.get("VA_TRUSTED_PROXIES", "0"))  # reverse proxies in front that set X-Forwarded-*
ADMIN_SECURE_COOKIES = os.environ.get("VA_SECURE_COOKIES") == "1"
