// Events module
