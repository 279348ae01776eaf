"""Calls a real HTTP API: asks GitHub for a line of its zen, then asks you whether to keep it.

It reaches one origin, https://api.github.com, which it declares; Run asks you to allow it
first. GitHub's REST API answers browsers from any origin (CORS) without a key, up to 60 calls
an hour. The call is a memoized rpc span: resuming the play replays it, nothing is sent again.
Finished once online, the play's "Replay with recorded calls" runs it again offline.
"""

from hero_logic import flow, http


@flow(network=["https://api.github.com"])
def main():
    response = http.get("https://api.github.com/zen")
    response.raise_for_status()
    line = response.text.strip()
    answer = flow.pause(
        "keep",
        prompt=f"GitHub says: “{line}” Keep it?",
        fields=[{"name": "keep", "field_type": "bool", "default": True}],
    )
    return {"zen": line, "kept": answer["keep"]}
