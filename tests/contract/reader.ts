// A client of the API, compiled with `tsc --strict` against types generated from /openapi.json
// (tests/contract/test_typescript_client.py). Each assignment fails to compile if a response loses its type.
import type { components } from "./generated/api";

type Schemas = components["schemas"];

export function expandedProject(project: Schemas["ProjectRead"]): string[] {
  const lines: string[] = [];
  for (const budget of project.budgets ?? []) {
    const amount: number = budget.amount;
    const currency: string = budget.currency;
    const excerpt: string | undefined = budget.citations?.[0]?.excerpt;
    lines.push(`${amount} ${currency} ${excerpt ?? ""}`);
  }
  for (const metric of project.metrics ?? []) {
    const value: string = metric.value;
    const indicator: string = metric.indicator;
    lines.push(`${indicator}: ${value}`);
  }
  for (const statement of project.statements ?? []) {
    const quote: string = statement.quote;
    lines.push(quote);
  }
  for (const source of project.sources ?? []) {
    const url: string = source.url;
    const title: string = source.title;
    lines.push(`${title} <${url}>`);
  }
  for (const citation of project.citations ?? []) {
    const excerpt: string = citation.excerpt;
    const sourceId: number = citation.source_id;
    lines.push(`${sourceId}: ${excerpt}`);
  }
  const organization: string | undefined = project.organization?.name;
  const rating: string | undefined = project.statement_links?.[0]?.rating;
  lines.push(organization ?? "", rating ?? "");
  return lines;
}

export function budgetHistory(page: Schemas["BudgetRevisionPage"]): number[] {
  return page.items.map((revision) => {
    const before: number | undefined = revision.before?.amount;
    const after: number | undefined = revision.after.amount;
    return (after ?? 0) - (before ?? 0);
  });
}

export function changes(page: Schemas["ChangePage"]): string[] {
  return page.items.map((revision) => {
    if (revision.entity === "budgets") {
      const currency: string | undefined = revision.after.currency;
      return `${revision.record_id} ${currency ?? ""}`;
    }
    return `${revision.entity} ${revision.record_id} ${revision.changed.join(",")}`;
  });
}

export function scorecard(card: Schemas["Scorecard"]): string[] {
  return card.figures.map((figure) => {
    const value: number | string = figure.value;
    const ko: string = figure.rendered.ko;
    const excerpt: string | undefined = figure.inputs[0]?.citations[0]?.excerpt;
    const low: number | string | undefined = figure.range?.low;
    return `${figure.name} ${value} ${ko} ${excerpt ?? ""} ${low ?? ""}`;
  });
}

export function spending(summary: Schemas["BudgetSummary"]): string[] {
  return summary.groups.map((group) => {
    const sum: number | null = group.sum;
    const count: number = group.count;
    const currency: number | string | null | undefined = group.currency;
    return `${currency ?? ""} ${count} ${sum ?? ""}`;
  });
}
