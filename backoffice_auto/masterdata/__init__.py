"""masterdata"""
