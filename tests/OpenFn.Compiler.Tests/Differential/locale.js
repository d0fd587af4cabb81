//# locale/number-toLocaleString-en-US
print((1234567.891).toLocaleString('en-US'), (0.5).toLocaleString('en-US', { style: 'percent' }));
//# locale/number-toLocaleString-default
print((1234.5).toLocaleString());
//# locale/date-toLocaleDateString-en-GB
print(new Date(Date.UTC(2024, 0, 31)).toLocaleDateString('en-GB', { timeZone: 'UTC' }));
//# locale/date-toLocaleString-default
print(new Date(Date.UTC(2024, 0, 31, 13, 5)).toLocaleString());
//# locale/date-toLocaleDateString-default
print(new Date(Date.UTC(2024, 0, 31, 13, 5)).toLocaleDateString(), new Date(Date.UTC(2024, 0, 31, 13, 5)).toLocaleTimeString());
//# locale/Intl-DateTimeFormat-parts
print(new Intl.DateTimeFormat('en-US', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).format(new Date(0)));
//# locale/string-localeCompare-accents
print(['é', 'e', 'f', 'E'].sort((a, b) => a.localeCompare(b)).join());
//# locale/toLocaleUpperCase
print('istanbul'.toLocaleUpperCase('en-US'), 'abc'.toLocaleUpperCase());
