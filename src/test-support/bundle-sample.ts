import type { Bundle } from "../engine/portable/bundle";

const FIELD = {
  name: "topic",
  field_type: "str",
  description: "",
  required: true,
  default: "ducks",
  options: [],
};

/** A small bundle as the app exports it: one flow, one finished play with one span. */
export function sampleBundle(): Bundle {
  return {
    format: "hero_logic.bundle",
    version: 1,
    exported_at: 1_700_000_000_000,
    workflows: [
      {
        sid: "wf000001",
        name: "demo",
        description: "A demo ✨",
        current_version_sid: "ve000001",
        inputs: [FIELD],
        outputs: [],
        network: [],
        dependencies: [],
        created_at: 1,
        updated_at: 2,
      },
    ],
    versions: [
      {
        sid: "ve000001",
        workflow_sid: "wf000001",
        source: "from hero_logic import flow\n@flow\ndef main(topic='ducks'):\n    return topic\n",
        entry: "main",
        inputs: [FIELD],
        outputs: [],
        network: [],
        dependencies: [],
        created_at: 1,
      },
    ],
    plays: [
      {
        sid: "pl000001",
        workflow_sid: "wf000001",
        version_sid: "ve000001",
        pinned_version_sid: null,
        status: "completed",
        input_data: { topic: "ducks" },
        output_data: "ducks",
        error: null,
        prefill_resumes: {},
        prefill_only: false,
        pending_pause: null,
        waiting_on: [],
        parent_play_sid: null,
        parent_span_sid: null,
        run_count: 1,
        timeout_ms: null,
        created_at: 3,
        started_at: 4,
        ended_at: 5,
      },
    ],
    runs: [
      {
        play_sid: "pl000001",
        run_no: 1,
        version_sid: "ve000001",
        started_at: 4,
        ended_at: 5,
        ended_by: "completed",
        pause_key: null,
        journal: [["main", "abc"]],
      },
    ],
    batches: [
      {
        play_sid: "pl000001",
        run_no: 1,
        batch_no: 1,
        spans: [
          {
            sid: "sp000001",
            play_sid: "pl000001",
            parent_sid: null,
            seq: 0,
            run_no: 1,
            version_sid: "ve000001",
            name: "main",
            kind: "flow_root",
            status: "ok",
            started_at: 4,
            ended_at: 5,
            input: { topic: "ducks" },
            output: "ducks",
            error: null,
            logs: "",
            source_file: "demo.py",
            source_line: 3,
            step_key: null,
            replayed: false,
            attributes: {},
            child_play_sid: null,
            replayed_from_run: null,
            replayed_from_span: null,
          },
        ],
      },
    ],
    outputs: [
      {
        play_sid: "pl000001",
        run_no: 1,
        batch_no: 1,
        entries: [{ step_key: "abc", output: '"ducks"', span_sid: "sp000001" }],
      },
    ],
    answers: [{ play_sid: "pl000001", key: "approve", payload: '{"ok":true}', answered_at: 4 }],
  } as Bundle;
}
