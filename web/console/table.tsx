import type { ComponentChildren } from 'preact';

/** A data table named by its section's heading, with column headers screen readers announce. */
export function Table({ labelledBy, columns, children }: { labelledBy: string; columns: string[]; children: ComponentChildren }) {
  return (
    <table aria-labelledby={labelledBy}>
      <thead>
        <tr>
          {columns.map((column) => (
            <th scope="col">{column}</th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
