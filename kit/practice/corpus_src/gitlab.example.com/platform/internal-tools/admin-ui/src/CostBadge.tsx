import { Button, PriceTag } from "@acme/ui-kit";

// CostBadge shows a team's monthly cloud cost, with a button to open the breakdown.
export default function CostBadge({ monthlyCents, onDetails }: { monthlyCents: number; onDetails: () => void }) {
  return (
    <span>
      <PriceTag cents={monthlyCents} />
      <Button onClick={onDetails}>Details</Button>
    </span>
  );
}
