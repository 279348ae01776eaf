import { NetworkGrants } from "../components/settings/NetworkGrants";
import { SecretsSection } from "../components/settings/SecretsSection";

/**
 * What this browser keeps for flows beyond the library: the secrets flows may read and the
 * origins each flow was allowed to call. Both stay in this browser.
 */
export function SettingsPage() {
  return (
    <section class="page" data-testid="settings-page">
      <h1>Settings</h1>
      <p class="muted">
        Kept in this browser only: never in bundles, share links or what a play stores.
      </p>
      <SecretsSection />
      <NetworkGrants />
    </section>
  );
}
