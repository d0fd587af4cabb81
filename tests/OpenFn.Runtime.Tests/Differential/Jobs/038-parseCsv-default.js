parseCsv(state => state.data.csv);
