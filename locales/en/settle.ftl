# settle
