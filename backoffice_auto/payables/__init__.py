"""payables"""
