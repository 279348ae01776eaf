import { useNavigate } from "@solidjs/router";
import { bundleFileName } from "../../files/bundle-files";
import type { DeletionReport } from "../../plays-list/delete-plays";
import type { PlayChoice } from "../../plays-list/play-choice";
import { ExportButton, ImportBundleButton } from "../BundleControls";
import { DeleteChosenPlays } from "../DeleteChosenPlays";

/** What the plays list does with the chosen plays: compare two, export, delete; and import. */
export function ChosenPlaysActions(props: {
  choice: PlayChoice;
  onDeleted: (report: DeletionReport) => void;
}) {
  const navigate = useNavigate();
  const comparePair = () => props.choice.comparePair();
  const chosenShown = () => props.choice.chosenShown();
  return (
    <div class="bundle-controls">
      <button
        type="button"
        data-testid="compare-plays"
        disabled={!comparePair()}
        title={comparePair() ? "Compare the two chosen plays" : "Choose two plays to compare"}
        onClick={() => {
          const pair = comparePair();
          if (pair) navigate(`/diff/${pair[0]}/${pair[1]}`);
        }}
      >
        {comparePair() ? "Compare chosen" : "Compare (choose two)"}
      </button>
      <ExportButton
        label={`Export chosen (${chosenShown().length})`}
        testid="export-plays"
        disabled={chosenShown().length === 0}
        selection={() => ({ plays: chosenShown() })}
        fileName={() =>
          bundleFileName(chosenShown().length === 1 ? `play-${chosenShown()[0]}` : "plays")
        }
      />
      <DeleteChosenPlays chosen={chosenShown()} onDone={props.onDeleted} />
      <ImportBundleButton />
    </div>
  );
}
