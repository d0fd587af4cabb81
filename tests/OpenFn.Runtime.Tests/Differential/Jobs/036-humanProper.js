fn(state => ({ names: state.data.cases.map(c => humanProper(c.name)), number: humanProper(42), mixed: humanProper('hELLO-wORLD_again') }));
