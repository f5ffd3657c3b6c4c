"""The exception tree of dgeval.

    DgevalError
     ├── FrameworkError   an indicator framework data file is invalid or unknown
     ├── TargetError      a target registry file is invalid
     ├── InputError       a score input file (CSV/XLSX) has a bad row, header or value
     │    ├── PointsError  points refused for a leaf (typed: field, value, maximum, leaf, why)
     │    └── RowError     a row's cell is empty or not a number (typed: line, field, value)
     ├── FetchError       the monitor could not fetch what it had to (site unreachable, refused by policy)
     ├── CheckError       a monitor check was misconfigured
     ├── ConfigError      the platform's environment (secret key, hosts, DATABASE_URL, DGEVAL_TODAY) or database
     └── WorkflowError    a campaign action is not allowed now or for this user

Every message names where the problem is (file, line or indicator path, field) and what was expected.
"""


class DgevalError(Exception):
    """Base of every error dgeval raises on purpose."""


class FrameworkError(DgevalError):
    """An indicator framework data file is invalid, or a framework/column is unknown."""


class TargetError(DgevalError):
    """A target registry file is invalid."""


class InputError(DgevalError):
    """A score input file has a bad header, row or value."""


class RowError(InputError):
    """A row of a score input file with a cell that is empty or not a number: `line` (1-based), `field` ("target",
    "code" or "points") and `value` as read. The message stays English for the CLI; the platform words its own."""

    def __init__(self, message: str, *, line: int, field: str, value: object = "") -> None:
        super().__init__(message)
        self.line = line
        self.field = field
        self.value = value


class PointsError(InputError):
    """Points a leaf may not get, with the facts as attributes so every caller words the refusal its own way.

    `reason` is one of REASONS; `field` the input at fault ("column", "code" or "points"); `value` what was given;
    `maximum` the most allowed (the weight, the bonus cap, or the cap of the part being scored), when known.
    The message stays English for the CLI; the platform builds its Chinese message from the attributes.
    """

    REASONS = ("unknown_column", "unknown_code", "not_applicable", "not_a_number", "below_zero", "above_maximum")

    def __init__(
        self,
        message: str,
        *,
        reason: str,
        field: str,
        value: object,
        framework: str,
        column: str,
        code: str | None = None,
        maximum: float | None = None,
        bonus: bool = False,
    ) -> None:
        super().__init__(message)
        if reason not in self.REASONS:
            raise ValueError(f"unknown PointsError reason {reason!r}; known: {', '.join(self.REASONS)}")
        self.reason = reason
        self.field = field
        self.value = value
        self.framework = framework
        self.column = column
        self.code = code
        self.maximum = maximum
        self.bonus = bonus


class FetchError(DgevalError):
    """The monitor could not fetch a target at all, or policy refused it."""


class CheckError(DgevalError):
    """A monitor check or its data file is misconfigured."""


class ConfigError(DgevalError):
    """The platform cannot start or reach its database: names the environment variable to fix."""


class WorkflowError(DgevalError):
    """A campaign action is not allowed in this phase or for this user."""
