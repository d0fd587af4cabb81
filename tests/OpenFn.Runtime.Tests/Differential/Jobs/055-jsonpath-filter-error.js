fn(state => ({ ...state, cities: source('$.data.cases[?(@.location.district == "Phnom Penh")].case_id')(state) }));
