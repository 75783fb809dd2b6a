"""Expected failures of the dev stack, each carrying a hint on what to do next."""

from __future__ import annotations

import textwrap


class DevstackError(Exception):
    """A failure a newcomer can fix; the CLI prints it as a paragraph, never as a traceback."""

    def __init__(self, problem: str, hint: str = "", details: str = "") -> None:
        super().__init__(problem)
        self.problem = problem
        self.hint = hint
        # Tail of a log or of a tool's output, shown verbatim under the paragraph.
        self.details = details

    def render(self) -> str:
        paragraph = self.problem.rstrip()
        if self.hint:
            paragraph += " What to do: " + self.hint.rstrip()
        text = textwrap.fill(paragraph, width=100)
        if self.details:
            text += "\n\n" + self.details.rstrip()
        return "error: " + text


class PortInUseError(DevstackError):
    """A port of the profile is held by a process that is not ours."""

    def __init__(self, *, port: int, component: str, profile: str, owner: str | None) -> None:
        who = f" by {owner}" if owner else " by another program"
        others = [p for p in ("dev", "test", "bench") if p != profile]
        super().__init__(
            f"Port {port} ({component}, profile '{profile}') is already in use{who}, "
            f"so the {component} of profile '{profile}' cannot start.",
            hint=(
                f"stop that program (if it is an older stack of this profile, run "
                f"'python3 -m deploy.devstack down --profile {profile}'), "
                f"or use another profile ({' or '.join(others)}) whose ports are free."
            ),
        )
        self.port = port


class MissingToolError(DevstackError):
    """A required program (java, mvn, go, PostgreSQL) is not installed."""


class BuildError(DevstackError):
    """Maven or Go failed while fetching or building into the cache."""


NETWORK_REMEDIES = {
    "Maven Central": "behind a proxy or with a private mirror, configure it in ~/.m2/settings.xml",
    "the Go module proxy": "behind a proxy set HTTPS_PROXY, or point GOPROXY at a reachable module proxy",
    "the Debian package mirror": "check /etc/apt/sources.list and any apt proxy",
}


def hint_for_tool_output(output: str, *, registry: str) -> str:
    """Guess the cause of a failed download/build from its output and say what to try."""
    lowered = output.lower()
    if "no space left" in lowered:
        return "the disk is full; free some space (a cold build needs about 3 GB) and run the command again."
    network_signs = (
        "could not transfer",
        "could not resolve",
        "unknown host",
        "no such host",
        "connection refused",
        "connection reset",
        "timed out",
        "timeout",
        "dial tcp",
        "network is unreachable",
        "tls handshake",
        "proxyconnect",
    )
    if any(sign in lowered for sign in network_signs):
        remedy = NETWORK_REMEDIES.get(registry, "check the proxy settings of the tool")
        return (
            f"{registry[:1].upper()}{registry[1:]} looks unreachable from this machine. Check the network ({remedy}), then run "
            "the command again — whatever was already downloaded stays in the cache."
        )
    return "read the output above; run the command again once the cause is fixed (downloads are cached)."
