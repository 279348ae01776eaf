import { useNavigate } from "@solidjs/router";

/** The plays list with this play ticked, to tick the one to compare it with. */
export function CompareWithButton(props: { playSid: string }) {
  const navigate = useNavigate();
  return (
    <button
      type="button"
      data-testid="compare-with"
      onClick={() => navigate(`/plays?compare=${encodeURIComponent(props.playSid)}`)}
    >
      Compare with…
    </button>
  );
}
