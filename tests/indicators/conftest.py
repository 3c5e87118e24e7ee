import sys
from pathlib import Path

# The stock tests' helpers (shared_file: skip without ../shared/data).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "stats"))
