fn(state => {
  const d = new Date(Date.UTC(2024, 1, 29, 13, 5, 9, 45));
  return {
    formats: [
      dateFns.format(d, 'yyyy-MM-dd'),
      dateFns.format(d, "yyyy-MM-dd'T'HH:mm:ss.SSSxxx"),
      dateFns.format(d, 'HH:mm d MMM yyyy (OOO)'),
      dateFns.format(d, 'EEEE, MMMM do, yyyy h:mm a'),
      dateFns.format(d, 'dd/MM/yy'),
      dateFns.format(d, "QQQ 'quarter' t T"),
      dateFns.format(d, 'PPP p'),
    ],
    parsed: [
      dateFns.parse('2024-03-05', 'yyyy-MM-dd', new Date(0)).toISOString(),
      dateFns.parse('05/03/2024 14:30', 'dd/MM/yyyy HH:mm', new Date(0)).toISOString(),
      dateFns.parse('March 7 2021', 'MMMM d yyyy', new Date(0)).toISOString(),
      String(dateFns.parse('not a date', 'yyyy-MM-dd', new Date(0)).getTime()),
    ],
  };
});
