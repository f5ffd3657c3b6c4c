"""The exception tree of dgeval.

    DgevalError
     ├── FrameworkError   an indicator framework data file is invalid or unknown
     ├── TargetError      a target registry file is invalid
     ├── InputError       a score input file (CSV/XLSX) has a bad row, header or value
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


class FetchError(DgevalError):
    """The monitor could not fetch a target at all, or policy refused it."""


class CheckError(DgevalError):
    """A monitor check or its data file is misconfigured."""


class ConfigError(DgevalError):
    """The platform cannot start or reach its database: names the environment variable to fix."""


class WorkflowError(DgevalError):
    """A campaign action is not allowed in this phase or for this user."""
