/** The heading row of a table: one column heading a label, in reading order. */
export function ColumnHeads(props: { labels: readonly string[] }) {
  return (
    <thead>
      <tr>
        {props.labels.map((label) => (
          <th scope="col" key={label}>
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
