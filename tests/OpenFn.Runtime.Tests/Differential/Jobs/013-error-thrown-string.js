fn(() => { throw 'plain string'; });
