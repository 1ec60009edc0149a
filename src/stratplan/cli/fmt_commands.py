"""Commands of this area are registered on import (filled in by the issue that builds them)."""
